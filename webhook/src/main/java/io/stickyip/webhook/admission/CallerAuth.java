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
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call {@code /mutate} and {@code /validate}: only callers presenting a client
 * certificate signed by the CA in {@value #CA_FILE_KEY} (the API server, through the
 * {@code WebhookAdmissionConfiguration} kubeconfig of its admission configuration), unless
 * {@value #MODE_KEY}{@code =none} says anyone who reaches the port may (then fence the port:
 * manifests/deploy/40-network-policy.yaml). {@code /healthz}, {@code /readyz} and {@code /metrics}
 * never need a certificate. A certificate that does not chain to the CA fails the TLS handshake;
 * a call without one gets 401. A certificate of that CA must also name one of the callers of
 * {@value #NAMES_KEY} (its subject's common name or a DNS name), so another holder of a certificate
 * from the same CA (a CA shared with other clients) gets 403.
 *
 * @param caFile the CA file, when certificates are required
 * @param names  the names a caller's certificate may carry; {@code *} for any
 */
public record CallerAuth(Optional<Path> caFile, Set<String> names) {
    public static final String CA_FILE_KEY = "STICKYIP_CLIENT_CA_FILE";
    public static final String MODE_KEY = "STICKYIP_CLIENT_AUTH";
    public static final String NAMES_KEY = "STICKYIP_CLIENT_NAMES";
    /** The name the API server's client certificate carries in the shipped configuration. */
    public static final String DEFAULT_NAMES = "kube-apiserver";

    public static final String ANY_NAME = "*";

    /** Anyone who reaches the port may call. */
    public static final CallerAuth NONE = new CallerAuth(Optional.empty(), Set.of());

    public CallerAuth {
        names = Set.copyOf(names);
    }

    /** Certificates from {@code caFile}, for the callers named {@value #DEFAULT_NAMES}. */
    public CallerAuth(Optional<Path> caFile) {
        this(caFile, Set.of(DEFAULT_NAMES));
    }

    /** Whether a verified certificate of the CA names one of the callers. */
    public boolean accepts(X509Certificate leaf) {
        return names.contains(ANY_NAME) || CallerNames.of(leaf).stream().anyMatch(names::contains);
    }

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
            CallerAuth auth = fromSettings(
                    env.string(MODE_KEY, "required").toLowerCase(Locale.ROOT), env.string(CA_FILE_KEY, ""));
            return auth.required() ? new CallerAuth(auth.caFile(), names(env.string(NAMES_KEY, DEFAULT_NAMES))) : auth;
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
                    throw new IllegalArgumentException(CA_FILE_KEY
                            + " is not set: only callers with a client certificate "
                            + "from this CA (the API server) may call /mutate and /validate; set it, or set " + MODE_KEY
                            + "=none to let anyone who reaches the port call them and fence the port (NetworkPolicy)");
                }
                yield new CallerAuth(Optional.of(readable(Path.of(file))));
            }
            default -> throw new IllegalArgumentException(MODE_KEY + ": " + mode + " is not required or none");
        };
    }

    private static Set<String> names(String list) {
        Set<String> names = new LinkedHashSet<>();
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(NAMES_KEY + " is empty: name the callers' certificates (" + DEFAULT_NAMES
                    + " for the API server), or " + ANY_NAME + " to accept any certificate of the CA");
        }
        return names;
    }

    /** The server's TLS options with the callers' CA and certificates requested (not demanded: health checks have none). */
    public ServerSSLOptions apply(ServerSSLOptions options) {
        return caFile.map(ca -> options.setClientAuth(ClientAuth.REQUEST).setTrustOptions(trust(ca)))
                .orElse(options);
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
            throw new IllegalArgumentException(
                    CA_FILE_KEY + ": " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
