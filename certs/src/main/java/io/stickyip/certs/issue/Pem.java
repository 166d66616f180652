package io.stickyip.certs.issue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text for certificates and keys. Private keys are written as PKCS#8 ({@code PRIVATE KEY}); PKCS#8
 * and SEC1 ({@code EC PRIVATE KEY}) are read. Public keys are X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}). Uses the JDK's
 * providers, so no BouncyCastle provider is registered.
 */
public final class Pem {
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String PUBLIC_KEY = "PUBLIC KEY";

    private Pem() {}

    public static String encode(X509Certificate certificate) {
        try {
            return write(new PemObject(CERTIFICATE, certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String encode(PrivateKey key) {
        return write(new PemObject(PRIVATE_KEY, key.getEncoded()));
    }

    /** As X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}), what {@code openssl pkey -pubout} writes. */
    public static String encode(PublicKey key) {
        return write(new PemObject(PUBLIC_KEY, key.getEncoded()));
    }

    /** The first public key ({@code PUBLIC KEY}, SubjectPublicKeyInfo) in {@code pem}. */
    public static PublicKey publicKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            return switch (object) {
                case SubjectPublicKeyInfo info -> new JcaPEMKeyConverter().getPublicKey(info);
                case null -> throw new PemFormatException("no PEM PUBLIC KEY block found");
                default ->
                    throw new PemFormatException(
                            "expected a public key, found " + object.getClass().getSimpleName());
            };
        } catch (PEMException e) {
            throw new PemFormatException("not a valid public key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PemFormatException("not valid PEM: " + e.getMessage(), e);
        }
    }

    /** The first certificate in {@code pem}. */
    public static X509Certificate certificate(String pem) {
        if (!pem.contains("-----BEGIN " + CERTIFICATE + "-----")) {
            throw new PemFormatException("no PEM CERTIFICATE block found");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate)
                    factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new PemFormatException("not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** The first private key in {@code pem}. */
    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (object) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case null -> throw new PemFormatException("no PEM PRIVATE KEY block found");
                default ->
                    throw new PemFormatException(
                            "expected a private key, found " + object.getClass().getSimpleName());
            };
        } catch (PEMException e) {
            throw new PemFormatException("not a valid private key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PemFormatException("not valid PEM: " + e.getMessage(), e);
        }
    }

    private static String write(PemObject object) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("writing PEM to memory", e);
        }
        return text.toString();
    }
}
