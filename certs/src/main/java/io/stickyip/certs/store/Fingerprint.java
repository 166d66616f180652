package io.stickyip.certs.store;

import io.stickyip.certs.issue.CertificateBundle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over a bundle's PEM text: equal fingerprints, equal files. */
public record Fingerprint(String sha256) {
    public static Fingerprint of(CertificateBundle bundle) {
        return of(bundle.caCertPem(), bundle.certPem(), bundle.keyPem());
    }

    static Fingerprint of(String caCertPem, String certPem, String keyPem) {
        MessageDigest digest = newDigest();
        for (String part : new String[] {caCertPem, certPem, keyPem}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update(
                    ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            digest.update(bytes);
        }
        return new Fingerprint(HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "sha256:" + sha256.substring(0, 12);
    }
}
