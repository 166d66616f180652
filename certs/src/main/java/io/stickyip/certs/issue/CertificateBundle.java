package io.stickyip.certs.issue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a TLS server needs, as PEM text: the CA certificate (what clients trust, the
 * {@code caBundle}), the serving certificate and its PKCS#8 private key, and when the
 * serving certificate expires. Holds no CA private key.
 */
public record CertificateBundle(String caCertPem, String certPem, String keyPem, Instant notAfter) {
    /** File and Secret key of the CA certificate. */
    public static final String CA_CERT = "ca.crt";
    /** File and Secret key of the serving certificate. */
    public static final String TLS_CERT = "tls.crt";
    /** File and Secret key of the serving certificate's private key. */
    public static final String TLS_KEY = "tls.key";

    private static final byte[] PROBE = "stickyip key match".getBytes(StandardCharsets.US_ASCII);

    public CertificateBundle {
        Objects.requireNonNull(caCertPem, "caCertPem");
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /**
     * Parses and checks PEM text as read from files or a Secret.
     *
     * @throws PemFormatException if a part is not PEM of the right kind, or the key is not the
     *     serving certificate's; the message starts with the part's name ({@code tls.key: ...})
     */
    public static CertificateBundle fromPem(String caCertPem, String certPem, String keyPem) {
        labelled(CA_CERT, () -> Pem.certificate(caCertPem));
        X509Certificate serving = labelled(TLS_CERT, () -> Pem.certificate(certPem));
        PrivateKey key = labelled(TLS_KEY, () -> Pem.privateKey(keyPem));
        requireMatch(serving, key);
        return new CertificateBundle(
                caCertPem, certPem, keyPem, serving.getNotAfter().toInstant());
    }

    public X509Certificate caCertificate() {
        return Pem.certificate(caCertPem);
    }

    public X509Certificate servingCertificate() {
        return Pem.certificate(certPem);
    }

    public PrivateKey privateKey() {
        return Pem.privateKey(keyPem);
    }

    private static <T> T labelled(String part, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (PemFormatException e) {
            throw new PemFormatException(part + ": " + e.getMessage(), e);
        }
    }

    private static void requireMatch(X509Certificate certificate, PrivateKey key) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm()) || !signatureVerifies(publicKey, key)) {
            throw new PemFormatException(TLS_KEY + ": the private key does not belong to the serving certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
    }

    private static boolean signatureVerifies(PublicKey publicKey, PrivateKey key) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new PemFormatException(
                    "cannot check the private key against the serving certificate: " + e.getMessage(), e);
        }
    }
}
