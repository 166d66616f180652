package io.stickyip.store.config;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the store reaches etcd over TLS: the CA that signed etcd's serving certificate, and the
 * client certificate and key the webhook authenticates with (etcd's {@code --client-cert-auth}).
 * From the environment, {@link #fromEnv} makes the endpoints' scheme and these settings agree:
 * {@code https://} endpoints need all three files; {@code http://} endpoints (no TLS, no client
 * certificate) need none and are accepted only when asked for with {@value #PLAINTEXT_KEY}{@code =true}.
 *
 * @param caFile   PEM CA certificate(s) to verify etcd with
 * @param certFile PEM client certificate
 * @param keyFile  PEM (PKCS#8) private key of the client certificate
 */
public record EtcdTls(Path caFile, Path certFile, Path keyFile) {
    public static final String ENDPOINTS_KEY = EtcdStoreConfig.ENDPOINTS_KEY;
    public static final String CA_KEY = "STICKYIP_ETCD_CA_FILE";
    public static final String CERT_KEY = "STICKYIP_ETCD_CERT_FILE";
    public static final String KEY_KEY = "STICKYIP_ETCD_KEY_FILE";
    public static final String PLAINTEXT_KEY = "STICKYIP_ETCD_PLAINTEXT";

    public EtcdTls {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }

    /**
     * The TLS settings for {@code endpoints} from the environment, or empty for plain HTTP asked
     * for explicitly.
     *
     * @throws InvalidConfigException naming the variable whenever scheme and settings disagree
     */
    public static Optional<EtcdTls> fromEnv(Env env, List<URI> endpoints) {
        try {
            return fromSettings(env, endpoints);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private static Optional<EtcdTls> fromSettings(Env env, List<URI> endpoints) {
        String schemes = endpoints.stream().map(URI::getScheme).distinct().collect(Collectors.joining(","));
        Map<String, String> files = Map.of(
                CA_KEY, env.string(CA_KEY, ""), CERT_KEY, env.string(CERT_KEY, ""), KEY_KEY, env.string(KEY_KEY, ""));
        boolean plaintext = env.bool(PLAINTEXT_KEY, false);
        String shown = endpoints.stream().map(URI::toString).collect(Collectors.joining(","));
        switch (schemes) {
            case "https" -> {
                if (plaintext) {
                    throw new IllegalArgumentException(
                            PLAINTEXT_KEY + "=true but " + ENDPOINTS_KEY + " is " + shown + " (TLS): choose one");
                }
                for (String key : List.of(CA_KEY, CERT_KEY, KEY_KEY)) {
                    if (files.get(key).isEmpty()) {
                        throw new IllegalArgumentException(
                                ENDPOINTS_KEY + " is " + shown + " (TLS) but " + key + " is not set: "
                                        + "the webhook verifies etcd with " + CA_KEY
                                        + " and authenticates with the client certificate "
                                        + CERT_KEY + " and its key " + KEY_KEY);
                    }
                }
                return Optional.of(
                        new EtcdTls(readable(CA_KEY, files), readable(CERT_KEY, files), readable(KEY_KEY, files)));
            }
            case "http" -> {
                for (String key : List.of(CA_KEY, CERT_KEY, KEY_KEY)) {
                    if (!files.get(key).isEmpty()) {
                        throw new IllegalArgumentException(ENDPOINTS_KEY + " is " + shown + " (plain HTTP) but " + key
                                + " is set: use https:// endpoints for TLS");
                    }
                }
                if (!plaintext) {
                    throw new IllegalArgumentException(
                            ENDPOINTS_KEY + " is " + shown + ": plain HTTP (no TLS, no client "
                                    + "certificate) is used only when asked for with " + PLAINTEXT_KEY
                                    + "=true; for TLS use https:// "
                                    + "endpoints with " + CA_KEY + ", " + CERT_KEY + " and " + KEY_KEY);
                }
                return Optional.empty();
            }
            default ->
                throw new IllegalArgumentException(ENDPOINTS_KEY + " is " + shown
                        + ": the endpoints must all be https:// (or all http://, asked for with " + PLAINTEXT_KEY
                        + "=true)");
        }
    }

    private static Path readable(String key, Map<String, String> files) {
        Path file = Path.of(files.get(key));
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": " + file + " cannot be read");
        }
        return file;
    }
}
