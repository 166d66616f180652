package io.stickyip.webhook;

import io.stickyip.webhook.admission.CallerAuth;
import io.stickyip.webhook.reservation.EtcdStoreConfig;
import io.stickyip.webhook.reservation.EtcdTls;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration, built once from environment variables (Strimzi's buildFromMap style): validated
 * at start-up, defaults as named constants, logged once (nothing here is secret).
 *
 * @param host           listen address
 * @param port           HTTPS port
 * @param certDir        directory holding tls.crt and tls.key (hot-reloaded)
 * @param etcd           etcd client URLs, key prefix and per-call timeout (validated by {@link EtcdStoreConfig})
 * @param poolsFile      standalone mode: IPPools from this YAML file instead of the cluster
 * @param kubernetes     whether to use the Kubernetes API (informers, leader-elected controllers)
 * @param schedulerName  dedicated scheduler to route annotated pods to, if any
 * @param gcGrace        how long a workload must be gone before its addresses are released
 * @param gcInterval     how often the collector looks
 * @param maxBodyBytes   largest accepted request body
 * @param jsonLogs       structured JSON logs
 * @param leaseNamespace namespace of the leader-election Lease
 * @param identity       this replica's identity (leader election, logs)
 * @param certRotation   how often to check whether the serving certificate is due for renewal
 *                       (only when the CA key is in {@code certDir}); zero disables
 * @param callers        who may call /mutate and /validate (client certificates from a CA, or anyone)
 */
public record WebhookConfig(String host, int port, Path certDir, EtcdStoreConfig etcd, Optional<Path> poolsFile, boolean kubernetes,
                            Optional<String> schedulerName, Duration gcGrace, Duration gcInterval, int maxBodyBytes,
                            boolean jsonLogs, String leaseNamespace, String identity, Duration certRotation, CallerAuth callers) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_CERT_DIR = "/etc/stickyip/tls";
    public static final String DEFAULT_ETCD = "http://127.0.0.1:2379";
    public static final String DEFAULT_ETCD_PREFIX = "/stickyip/v1/";
    public static final Duration DEFAULT_ETCD_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofSeconds(30);
    /** Kubernetes objects are at most ~1.5 MiB; a review carries object and oldObject. */
    public static final int DEFAULT_MAX_BODY = 4 * 1024 * 1024;
    public static final String DEFAULT_LEASE_NAMESPACE = "stickyip-system";
    public static final Duration DEFAULT_CERT_ROTATION = Duration.ofHours(1);

    /** Thrown for a bad setting; the message names the variable and the value. */
    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(String message) {
            super(message);
        }
    }

    public static WebhookConfig fromMap(Map<String, String> env) {
        String pools = env.get("STICKYIP_POOLS_FILE");
        boolean kube = bool(env, "STICKYIP_KUBERNETES", pools == null);
        EtcdStoreConfig etcd;
        List<URI> endpoints;
        Optional<EtcdTls> etcdTls;
        try {
            endpoints = Arrays.stream(env.getOrDefault("STICKYIP_ETCD_ENDPOINTS", DEFAULT_ETCD).split(","))
                    .map(String::trim).filter(e -> !e.isEmpty()).map(URI::create).toList();
            etcdTls = EtcdTls.fromMap(env, endpoints); // the message names the variable
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        try {
            etcd = new EtcdStoreConfig(endpoints, env.getOrDefault("STICKYIP_ETCD_PREFIX", DEFAULT_ETCD_PREFIX),
                    duration(env, "STICKYIP_ETCD_TIMEOUT", DEFAULT_ETCD_TIMEOUT), etcdTls);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("STICKYIP_ETCD_ENDPOINTS/STICKYIP_ETCD_PREFIX/STICKYIP_ETCD_TIMEOUT: " + e.getMessage());
        }
        return new WebhookConfig(
                env.getOrDefault("STICKYIP_HOST", DEFAULT_HOST),
                integer(env, "STICKYIP_PORT", DEFAULT_PORT, 0, 65535),
                Path.of(env.getOrDefault("STICKYIP_CERT_DIR", DEFAULT_CERT_DIR)),
                etcd,
                Optional.ofNullable(pools).map(Path::of),
                kube,
                Optional.ofNullable(env.get("STICKYIP_SCHEDULER_NAME")).filter(s -> !s.isBlank()),
                duration(env, "STICKYIP_GC_GRACE", DEFAULT_GC_GRACE),
                duration(env, "STICKYIP_GC_INTERVAL", DEFAULT_GC_INTERVAL),
                integer(env, "STICKYIP_MAX_BODY_BYTES", DEFAULT_MAX_BODY, 1024, 64 * 1024 * 1024),
                "json".equalsIgnoreCase(env.getOrDefault("STICKYIP_LOG_FORMAT", "text")),
                env.getOrDefault("STICKYIP_LEASE_NAMESPACE", env.getOrDefault("POD_NAMESPACE", DEFAULT_LEASE_NAMESPACE)),
                env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "stickyip-webhook")) + "-" + ProcessHandle.current().pid(),
                duration(env, "STICKYIP_CERT_ROTATION_INTERVAL", DEFAULT_CERT_ROTATION),
                callers(env));
    }

    private static CallerAuth callers(Map<String, String> env) {
        try {
            return CallerAuth.fromMap(env);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    /** For the start-up log line. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listen", host + ":" + port);
        m.put("certDir", certDir);
        m.put("etcd", etcd.endpoints());
        m.put("etcdTls", etcd.tls().map(t -> "CA " + t.caFile() + ", client certificate " + t.certFile()).orElse("off (plain HTTP asked for)"));
        m.put("etcdPrefix", etcd.prefix());
        m.put("etcdTimeout", etcd.timeout());
        m.put("pools", poolsFile.map(Path::toString).orElse("kubernetes"));
        m.put("kubernetes", kubernetes);
        m.put("schedulerName", schedulerName.orElse("(default)"));
        m.put("gcGrace", gcGrace);
        m.put("identity", identity);
        m.put("certRotation", certRotation.isZero() ? "off" : certRotation);
        m.put("clientCertificates", callers.caFile().map(f -> "required, CA " + f).orElse("not required (STICKYIP_CLIENT_AUTH=none)"));
        return m;
    }

    private static boolean bool(Map<String, String> env, String key, boolean dflt) {
        String v = env.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidConfigException(key + ": " + v + " is not true or false");
        };
    }

    private static int integer(Map<String, String> env, String key, int dflt, int min, int max) {
        String v = env.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new InvalidConfigException(key + ": " + v + " is not between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key + ": " + v + " is not a number");
        }
    }

    /** Accepts ISO-8601 (PT30S) or a number with unit: 500ms, 30s, 5m, 1h. */
    static Duration duration(Map<String, String> env, String key, Duration dflt) {
        String v = env.get(key);
        if (v == null) {
            return dflt;
        }
        String t = v.trim().toLowerCase();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (t.startsWith("p")) {
                return Duration.parse(v.trim().toUpperCase());
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new InvalidConfigException(key + ": " + v + " is not a duration (e.g. 500ms, 30s, 5m)");
        }
    }
}
