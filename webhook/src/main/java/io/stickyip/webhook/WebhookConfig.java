package io.stickyip.webhook;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.Identity;
import io.stickyip.runtime.config.InvalidConfigException;
import io.stickyip.runtime.config.SealKeyConfig;
import io.stickyip.runtime.config.ServerConfig;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.LogFormat;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.webhook.admission.CallerAuth;
import io.stickyip.webhook.nodes.NodeAddressConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration, built once from environment variables (Strimzi's buildFromMap style) with
 * runtime's {@link Env}: validated at start-up, defaults as named constants, logged once (the seal
 * key by its file and key id only).
 *
 * @param server         listen address, port, certificate directory (always HTTPS), body limit
 * @param etcd           etcd client URLs, key prefix, per-call timeout, TLS ({@link EtcdStoreConfig#fromEnv})
 * @param poolsFile      standalone mode: IPPools from this YAML file instead of the cluster
 * @param kubernetes     whether to use the Kubernetes API (informers, leader-elected controllers)
 * @param schedulerName  dedicated scheduler to route annotated pods to, if any
 * @param gcGrace        how long a workload must be gone before its addresses are released
 * @param gcInterval     how often the collector looks
 * @param unbornGrace    how long after its admission a slot whose pod never came to exist is given back (and a bare
 *                       pod's reservation released), apart from {@code gcGrace}, which protects workloads that exist
 * @param logFormat      text or JSON logs
 * @param leaseNamespace namespace of the leader-election Lease
 * @param identity       this replica's identity (leader election, logs)
 * @param certRotation   how often to check whether the serving certificate is due for renewal
 *                       (only when the CA key is in the certificate directory); zero disables
 * @param callers        who may call /mutate and /validate (client certificates from a CA, or anyone)
 * @param nodeAddresses  the node-address controller (aws node pools), when enabled ({@link NodeAddressConfig})
 * @param seal           the key that signs what the webhook writes on a pod ({@value SealKeyConfig#SIGNING_KEY}, required)
 */
public record WebhookConfig(ServerConfig server, EtcdStoreConfig etcd, Optional<Path> poolsFile, boolean kubernetes,
                            Optional<String> schedulerName, Duration gcGrace, Duration gcInterval, Duration unbornGrace,
                            LogFormat logFormat,
                            String leaseNamespace, String identity, Duration certRotation, CallerAuth callers,
                            Optional<NodeAddressConfig> nodeAddresses, SealKeyConfig.Signer seal)
        implements Launcher.LaunchConfig {

    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_CERT_DIR = "/etc/stickyip/tls";
    public static final Duration DEFAULT_GC_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_UNBORN_GRACE = Duration.ofSeconds(15);
    /** Below this, a pod still on its way through the rest of the API server's admission could lose its address. */
    public static final Duration MIN_UNBORN_GRACE = Duration.ofSeconds(5);
    public static final Duration MAX_UNBORN_GRACE = Duration.ofMinutes(10);
    public static final String DEFAULT_LEASE_NAMESPACE = "stickyip-system";
    public static final String LEASE_NAME = "stickyip-webhook-gc";
    public static final Duration DEFAULT_CERT_ROTATION = Duration.ofHours(1);

    public static WebhookConfig fromMap(Map<String, String> env) {
        return fromEnv(new Env(env));
    }

    public static WebhookConfig fromEnv(Env env) {
        Optional<Path> pools = env.optionalPath("STICKYIP_POOLS_FILE");
        boolean kubernetes = env.bool("STICKYIP_KUBERNETES", pools.isEmpty());
        if (!kubernetes && pools.isEmpty()) {
            throw InvalidConfigException.of("STICKYIP_KUBERNETES", env.string("STICKYIP_KUBERNETES", ""),
                    "needs STICKYIP_POOLS_FILE: without the cluster the pools come from a file");
        }
        Optional<NodeAddressConfig> nodeAddresses = NodeAddressConfig.fromEnv(env);
        if (nodeAddresses.isPresent() && !kubernetes) {
            throw InvalidConfigException.of(NodeAddressConfig.ENABLED, env.string(NodeAddressConfig.ENABLED, ""),
                    "needs the Kubernetes API (STICKYIP_KUBERNETES=true): the controller reads and writes Nodes");
        }
        return new WebhookConfig(
                ServerConfig.fromEnv(env, ServerConfig.Defaults.https(DEFAULT_PORT, DEFAULT_CERT_DIR)),
                EtcdStoreConfig.fromEnv(env),
                pools,
                kubernetes,
                env.optional("STICKYIP_SCHEDULER_NAME"),
                env.duration("STICKYIP_GC_GRACE", DEFAULT_GC_GRACE),
                env.duration("STICKYIP_GC_INTERVAL", DEFAULT_GC_INTERVAL),
                unbornGrace(env),
                env.oneOf("STICKYIP_LOG_FORMAT", LogFormat.TEXT),
                env.firstOf(List.of("STICKYIP_LEASE_NAMESPACE", "POD_NAMESPACE"), DEFAULT_LEASE_NAMESPACE),
                Identity.of(env, "stickyip-webhook"),
                env.duration("STICKYIP_CERT_ROTATION_INTERVAL", DEFAULT_CERT_ROTATION),
                CallerAuth.fromEnv(env),
                nodeAddresses,
                SealKeyConfig.signer(env));
    }

    private static Duration unbornGrace(Env env) {
        Duration grace = env.duration("STICKYIP_UNBORN_GRACE", DEFAULT_UNBORN_GRACE);
        if (grace.compareTo(MIN_UNBORN_GRACE) < 0 || grace.compareTo(MAX_UNBORN_GRACE) > 0) {
            throw InvalidConfigException.of("STICKYIP_UNBORN_GRACE", env.string("STICKYIP_UNBORN_GRACE", ""),
                    "must be between 5s and 10m: longer than a pod takes through the rest of the admission chain, "
                            + "short enough that refused creates do not drain a pool");
        }
        return grace;
    }

    /** The serving certificate's directory (the webhook always serves HTTPS). */
    public Path certDir() {
        return server.certDir().orElseThrow();
    }

    /** For the start-up log line. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(server.describe());
        m.put("etcd", etcd.endpoints());
        m.put("etcdTls", etcd.tls().map(t -> "CA " + t.caFile() + ", client certificate " + t.certFile()).orElse("off (plain HTTP asked for)"));
        m.put("etcdPrefix", etcd.prefix());
        m.put("etcdTimeout", etcd.timeout());
        m.put("pools", poolsFile.map(Path::toString).orElse("kubernetes"));
        m.put("kubernetes", kubernetes);
        m.put("schedulerName", schedulerName.orElse("(default)"));
        m.put("gcGrace", gcGrace);
        m.put("unbornGrace", unbornGrace);
        m.put("identity", identity);
        m.put("certRotation", certRotation.isZero() ? "off" : certRotation);
        m.put("clientCertificates", callers.caFile().map(f -> "required, CA " + f).orElse("not required (STICKYIP_CLIENT_AUTH=none)"));
        m.put("nodeAddresses", nodeAddresses.<Object>map(NodeAddressConfig::describe).orElse("off"));
        m.put("sealKey", seal.describe());
        return m;
    }
}
