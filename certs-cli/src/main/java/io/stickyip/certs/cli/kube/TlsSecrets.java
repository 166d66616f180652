package io.stickyip.certs.cli.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.Pem;
import io.stickyip.certs.issue.PemFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A bundle as a {@code kubernetes.io/tls} Secret: {@code tls.crt}, {@code tls.key} and
 * {@code ca.crt} in {@code data}, base64 as the API stores them. Pure mapping, no client.
 */
public final class TlsSecrets {
    public static final String TYPE = "kubernetes.io/tls";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "stickyip-certs";

    private TlsSecrets() {}

    public static Secret toSecret(SecretRef ref, CertificateBundle bundle) {
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(ref.namespace())
                .withName(ref.name())
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .endMetadata()
                .withType(TYPE)
                .withData(data(bundle))
                .build();
    }

    /** The three entries of {@code data}, base64-encoded. */
    public static Map<String, String> data(CertificateBundle bundle) {
        return Map.of(
                CertificateBundle.CA_CERT, base64(bundle.caCertPem()),
                CertificateBundle.TLS_CERT, base64(bundle.certPem()),
                CertificateBundle.TLS_KEY, base64(bundle.keyPem()));
    }

    /**
     * The bundle a Secret holds.
     *
     * @throws PemFormatException if an entry is missing or not the PEM it should be; the
     *     message names the Secret and the entry
     */
    public static CertificateBundle fromSecret(Secret secret) {
        return labelled(
                secret,
                () -> CertificateBundle.fromPem(
                        entry(secret, CertificateBundle.CA_CERT),
                        entry(secret, CertificateBundle.TLS_CERT),
                        entry(secret, CertificateBundle.TLS_KEY)));
    }

    private static <T> T labelled(Secret secret, Supplier<T> read) {
        try {
            return read.get();
        } catch (PemFormatException e) {
            throw new PemFormatException(
                    "secret " + secret.getMetadata().getNamespace() + "/"
                            + secret.getMetadata().getName() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The PEM of the Secret's {@code ca.crt}, checked to be a certificate; empty if the Secret
     * has none. The other entries are not looked at.
     */
    public static Optional<String> caCertPem(Secret secret) {
        if (Optional.ofNullable(secret.getData())
                .map(d -> d.get(CertificateBundle.CA_CERT))
                .isEmpty()) {
            return Optional.empty();
        }
        String pem = labelled(secret, () -> entry(secret, CertificateBundle.CA_CERT));
        labelled(secret, () -> Pem.certificate(pem));
        return Optional.of(pem);
    }

    /** Whether {@code secret} already holds exactly this bundle. */
    static boolean holds(Secret secret, CertificateBundle bundle) {
        Map<String, String> data = Optional.ofNullable(secret.getData()).orElse(Map.of());
        return data(bundle).entrySet().stream().allMatch(e -> e.getValue().equals(data.get(e.getKey())));
    }

    private static String entry(Secret secret, String key) {
        String value = Optional.ofNullable(secret.getData())
                .map(d -> d.get(key))
                .orElseThrow(() -> new PemFormatException(key + ": missing"));
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PemFormatException(key + ": not base64", e);
        }
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
