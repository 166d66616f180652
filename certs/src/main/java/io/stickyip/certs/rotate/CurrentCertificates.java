package io.stickyip.certs.rotate;

import io.stickyip.certs.issue.SubjectNames;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What rotation needs to know about the certificates in place, as plain values. */
public record CurrentCertificates(Optional<Ca> ca, Optional<Serving> serving) {
    public static final CurrentCertificates NONE = new CurrentCertificates(Optional.empty(), Optional.empty());

    public CurrentCertificates {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(serving, "serving");
    }

    /** The CA certificate's expiry, and whether its private key is at hand to sign with. */
    public record Ca(Instant notAfter, boolean hasKey) {}

    /** The serving certificate's validity, names, and whether the current CA signed it. */
    public record Serving(Instant notBefore, Instant notAfter, SubjectNames names, boolean signedByCa) {
        public Duration lifetime() {
            return Duration.between(notBefore, notAfter);
        }

        public Duration left(Instant now) {
            return Duration.between(now, notAfter);
        }
    }

    /** Facts from certificates: a CA certificate (with or without its key) and a serving one. */
    public static CurrentCertificates inspect(
            Optional<X509Certificate> ca, boolean caKey, Optional<X509Certificate> serving) {
        return new CurrentCertificates(
                ca.map(c -> new Ca(c.getNotAfter().toInstant(), caKey)),
                serving.map(s -> new Serving(
                        s.getNotBefore().toInstant(),
                        s.getNotAfter().toInstant(),
                        SubjectNames.of(s),
                        ca.filter(c -> isSignedBy(s, c)).isPresent())));
    }

    private static boolean isSignedBy(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (SignatureException | InvalidKeyException e) {
            // verify() answers "not signed by this key" by throwing one of these
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot verify " + certificate.getSubjectX500Principal() + " against the CA", e);
        }
    }
}
