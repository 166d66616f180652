package io.stickyip.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a deployable's HTTP server listens and how: {@code STICKYIP_HOST}, {@code STICKYIP_PORT},
 * {@code STICKYIP_CERT_DIR} (HTTPS with {@code ca.crt}, {@code tls.crt}, {@code tls.key}, hot-reloaded;
 * without it plain HTTP), {@code STICKYIP_MAX_BODY_BYTES}, {@code STICKYIP_REQUEST_READ_TIMEOUT},
 * {@code STICKYIP_IDLE_TIMEOUT}.
 *
 * @param host               listen address
 * @param port               port; 0 picks a free one
 * @param certDir            the certificate directory for HTTPS, or empty for plain HTTP
 * @param maxBodyBytes       largest accepted request body (larger: 413)
 * @param requestReadTimeout longest a request's body may take to arrive once its headers have (slower: 408, closed)
 * @param idleTimeout        longest a connection may wait for a request's headers, from its opening or
 *                           the last answer on it (then it is closed)
 */
public record ServerConfig(
        String host,
        int port,
        Optional<Path> certDir,
        int maxBodyBytes,
        Duration requestReadTimeout,
        Duration idleTimeout) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** An AdmissionReview of a few MiB arrives in well under a second; the API server's own webhook timeout is at most 30 s. */
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Above the 90 s after which Go's HTTP clients (the API server's webhook client, kube-scheduler's)
     * drop an idle connection, so the client closes first: a server's close racing a client reusing the
     * connection would fail a POST, which Go does not retry.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    /** Kubernetes objects are at most ~1.5 MiB; an AdmissionReview carries object and oldObject. */
    public static final int DEFAULT_MAX_BODY = 4 * 1024 * 1024;

    static final int MIN_BODY = 1024;
    static final int MAX_BODY = 64 * 1024 * 1024;

    /**
     * How a deployable's server is configured when the environment says nothing.
     *
     * @param port    default port
     * @param certDir default certificate directory: present means HTTPS always (the variable only moves
     *                the directory), empty means HTTPS only when {@code STICKYIP_CERT_DIR} is set
     */
    public record Defaults(int port, Optional<String> certDir) {
        public static Defaults https(int port, String certDir) {
            return new Defaults(port, Optional.of(certDir));
        }

        public static Defaults httpUnlessCertDir(int port) {
            return new Defaults(port, Optional.empty());
        }
    }

    public ServerConfig {
        if (!positiveUpTo(requestReadTimeout) || !positiveUpTo(idleTimeout)) {
            throw new IllegalArgumentException("timeouts must be above 0 and at most " + MAX_TIMEOUT + ": read "
                    + requestReadTimeout + ", idle " + idleTimeout);
        }
    }

    /** With the default timeouts. */
    public ServerConfig(String host, int port, Optional<Path> certDir, int maxBodyBytes) {
        this(host, port, certDir, maxBodyBytes, DEFAULT_REQUEST_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public static ServerConfig fromEnv(Env env, Defaults defaults) {
        Optional<Path> certDir = env.optionalPath("STICKYIP_CERT_DIR")
                .or(() -> defaults.certDir().map(Path::of));
        return new ServerConfig(
                env.string("STICKYIP_HOST", DEFAULT_HOST),
                env.port("STICKYIP_PORT", defaults.port()),
                certDir,
                env.integer("STICKYIP_MAX_BODY_BYTES", DEFAULT_MAX_BODY, MIN_BODY, MAX_BODY),
                timeout(env, "STICKYIP_REQUEST_READ_TIMEOUT", DEFAULT_REQUEST_READ_TIMEOUT),
                timeout(env, "STICKYIP_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT));
    }

    private static Duration timeout(Env env, String key, Duration dflt) {
        Duration d = env.duration(key, dflt);
        if (!positiveUpTo(d)) {
            throw InvalidConfigException.of(
                    key, env.string(key, ""), "is not above 0 and at most " + MAX_TIMEOUT.toMinutes() + "m");
        }
        return d;
    }

    private static boolean positiveUpTo(Duration d) {
        return d != null && d.isPositive() && d.compareTo(MAX_TIMEOUT) <= 0;
    }

    public boolean https() {
        return certDir.isPresent();
    }

    /** For the start-up log line. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listen", (https() ? "https://" : "http://") + host + ":" + port);
        m.put("certDir", certDir.map(Path::toString).orElse("(plain HTTP)"));
        m.put("maxBodyBytes", maxBodyBytes);
        m.put("requestReadTimeout", requestReadTimeout.toString());
        m.put("idleTimeout", idleTimeout.toString());
        return m;
    }
}
