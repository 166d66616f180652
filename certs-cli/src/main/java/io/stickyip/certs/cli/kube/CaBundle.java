package io.stickyip.certs.cli.kube;

import io.stickyip.certs.issue.Pem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The CA certificates an API server should trust for a webhook, as PEM. During a CA change
 * it holds the new CA and the previous one, so the webhook is trusted both before and after
 * its pods pick up the new serving certificate.
 */
public record CaBundle(List<String> caCertPems) {
    public CaBundle {
        caCertPems = List.copyOf(caCertPems);
        if (caCertPems.isEmpty()) {
            throw new IllegalArgumentException("a caBundle needs at least one CA certificate");
        }
    }

    public static CaBundle of(String caCertPem) {
        return new CaBundle(List.of(caCertPem));
    }

    /** The new CA, plus the previous one while it differs and is still valid at {@code now}. */
    public static CaBundle during(String newCaPem, Optional<String> previousCaPem, Instant now) {
        X509Certificate newCa = Pem.certificate(newCaPem);
        Optional<X509Certificate> previousCa = previousCaPem.map(Pem::certificate);
        boolean keepPrevious = previousCa.isPresent()
                && !previousCa.get().equals(newCa)
                && previousCa.get().getNotAfter().toInstant().isAfter(now);
        return keepPrevious ? new CaBundle(List.of(newCaPem, previousCaPem.get())) : of(newCaPem);
    }

    /** The concatenated PEM text. */
    public String pem() {
        return String.join(
                "",
                caCertPems.stream().map(p -> p.endsWith("\n") ? p : p + "\n").toList());
    }

    /** The value of a webhook's {@code clientConfig.caBundle}: base64 of the PEM, as the API takes bytes. */
    public String base64() {
        return TlsSecrets.base64(pem());
    }
}
