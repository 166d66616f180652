package io.stickyip.runtime.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a deployable's HTTP server listens and how: {@code STICKYIP_HOST}, {@code STICKYIP_PORT},
 * {@code STICKYIP_CERT_DIR} (HTTPS with {@code ca.crt}, {@code tls.crt}, {@code tls.key}, hot-reloaded;
 * without it plain HTTP), {@code STICKYIP_MAX_BODY_BYTES}.
 *
 * @param host         listen address
 * @param port         port; 0 picks a free one
 * @param certDir      the certificate directory for HTTPS, or empty for plain HTTP
 * @param maxBodyBytes largest accepted request body (larger: 413)
 */
public record ServerConfig(String host, int port, Optional<Path> certDir, int maxBodyBytes) {
    public static final String DEFAULT_HOST = "0.0.0.0";
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

    public static ServerConfig fromEnv(Env env, Defaults defaults) {
        Optional<Path> certDir = env.optionalPath("STICKYIP_CERT_DIR").or(() -> defaults.certDir().map(Path::of));
        return new ServerConfig(env.string("STICKYIP_HOST", DEFAULT_HOST), env.port("STICKYIP_PORT", defaults.port()),
                certDir, env.integer("STICKYIP_MAX_BODY_BYTES", DEFAULT_MAX_BODY, MIN_BODY, MAX_BODY));
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
        return m;
    }
}
