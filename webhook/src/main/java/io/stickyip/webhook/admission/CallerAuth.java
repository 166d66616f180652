package io.stickyip.webhook.admission;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call {@code /mutate} and {@code /validate}: only callers presenting a client
 * certificate signed by the CA in {@value #CA_FILE_KEY} (the API server, through the
 * {@code WebhookAdmissionConfiguration} kubeconfig of its admission configuration), unless
 * {@value #MODE_KEY}{@code =none} says anyone who reaches the port may (then fence the port:
 * manifests/deploy/40-network-policy.yaml). {@code /healthz}, {@code /readyz} and {@code /metrics}
 * never need a certificate. A certificate that does not chain to the CA fails the TLS handshake;
 * a call without one gets 401.
 *
 * @param caFile the CA file, when certificates are required
 */
public record CallerAuth(Optional<Path> caFile) {
    public static final String CA_FILE_KEY = "STICKYIP_CLIENT_CA_FILE";
    public static final String MODE_KEY = "STICKYIP_CLIENT_AUTH";

    /** Anyone who reaches the port may call. */
    public static final CallerAuth NONE = new CallerAuth(Optional.empty());

    public boolean required() {
        return caFile.isPresent();
    }

    /**
     * From the environment: {@value #MODE_KEY} ({@code required}, the default, or {@code none}) and
     * {@value #CA_FILE_KEY} (PEM, one or more CA certificates; required unless the mode is none).
     *
     * @throws InvalidConfigException naming the variable when they are missing, unreadable or disagree
     */
    public static CallerAuth fromEnv(Env env) {
        try {
            return fromSettings(env.string(MODE_KEY, "required").toLowerCase(Locale.ROOT), env.string(CA_FILE_KEY, ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    private static CallerAuth fromSettings(String mode, String file) {
        return switch (mode) {
            case "none" -> {
                if (!file.isEmpty()) {
                    throw new IllegalArgumentException(MODE_KEY + "=none but " + CA_FILE_KEY + " is set (" + file
                            + "): choose one, certificates required or not");
                }
                yield NONE;
            }
            case "required" -> {
                if (file.isEmpty()) {
                    throw new IllegalArgumentException(CA_FILE_KEY + " is not set: only callers with a client certificate "
                            + "from this CA (the API server) may call /mutate and /validate; set it, or set " + MODE_KEY
                            + "=none to let anyone who reaches the port call them and fence the port (NetworkPolicy)");
                }
                yield new CallerAuth(Optional.of(readable(Path.of(file))));
            }
            default -> throw new IllegalArgumentException(MODE_KEY + ": " + mode + " is not required or none");
        };
    }

    /** The server's TLS options with the callers' CA and certificates requested (not demanded: health checks have none). */
    public ServerSSLOptions apply(ServerSSLOptions options) {
        return caFile.map(ca -> options.setClientAuth(ClientAuth.REQUEST).setTrustOptions(trust(ca))).orElse(options);
    }

    /** As {@link #apply(ServerSSLOptions)}, for the options the server starts with. */
    public HttpServerOptions apply(HttpServerOptions options) {
        caFile.ifPresent(ca -> options.setClientAuth(ClientAuth.REQUEST).setTrustOptions(trust(ca)));
        return options;
    }

    private static PemTrustOptions trust(Path ca) {
        return new PemTrustOptions().addCertPath(ca.toString());
    }

    private static Path readable(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalArgumentException(CA_FILE_KEY + ": " + file + " holds no PEM certificate");
            }
            return file;
        } catch (IOException e) {
            throw new IllegalArgumentException(CA_FILE_KEY + ": " + file + " cannot be read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(CA_FILE_KEY + ": " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
