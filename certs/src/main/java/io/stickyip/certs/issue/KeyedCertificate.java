package io.stickyip.certs.issue;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/** A certificate with its private key: a CA that can sign, or a server's identity. */
public record KeyedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    public KeyedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }
}
