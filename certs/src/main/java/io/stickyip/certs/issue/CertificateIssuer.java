package io.stickyip.certs.issue;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a self-signed ECDSA P-256 CA ({@code CN=stickyip-ca}), and serving certificates (SANs,
 * {@code serverAuth}) and client certificates ({@code clientAuth}) signed by it. Certificates start {@link #CLOCK_SKEW_ALLOWANCE} before now,
 * so a server whose clock runs a little behind still accepts a fresh one, and end exactly the
 * requested validity after now.
 */
public final class CertificateIssuer {
    public static final String CA_COMMON_NAME = "stickyip-ca";
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);
    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int SERIAL_BITS = 159;

    private final Clock clock;
    private final SecureRandom random;

    public CertificateIssuer(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new self-signed CA that may sign end-entity certificates only (path length 0). */
    public KeyedCertificate issueCa(Duration validity) {
        KeyPair keys = newKeyPair();
        X500Name subject = commonName(CA_COMMON_NAME);
        Instant now = now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, serial(), notBefore(now), Date.from(now.plus(validity)), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new KeyedCertificate(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IssuingException("cannot issue the CA certificate", e);
        }
    }

    /**
     * A new serving certificate for {@code names}, signed by {@code ca}.
     *
     * @throws IllegalArgumentException if {@code names} is empty or {@code ca} expires before the
     *     new certificate would
     */
    public KeyedCertificate issueServing(KeyedCertificate ca, SubjectNames names, Duration validity) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate needs at least one DNS name or IP address");
        }
        return issueEndEntity(
                ca,
                commonName(names.primaryName()),
                validity,
                KeyPurposeId.id_kp_serverAuth,
                generalNames(names),
                "a serving certificate for " + names);
    }

    /**
     * A new client certificate ({@code clientAuth}, subject {@code CN=commonName}, one {@code O=}
     * per organization, no subject alternative names), signed by {@code ca}: what a TLS server
     * that verifies its callers (the webhook, etcd) accepts from them.
     *
     * @throws IllegalArgumentException if {@code commonName} is blank or {@code ca} expires before
     *     the new certificate would
     */
    public KeyedCertificate issueClient(
            KeyedCertificate ca, String commonName, List<String> organizations, Duration validity) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a client certificate needs a common name");
        }
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> subject.addRDN(BCStyle.O, o));
        subject.addRDN(BCStyle.CN, commonName);
        return issueEndEntity(
                ca,
                subject.build(),
                validity,
                KeyPurposeId.id_kp_clientAuth,
                null,
                "a client certificate for " + commonName);
    }

    private KeyedCertificate issueEndEntity(
            KeyedCertificate ca,
            X500Name subject,
            Duration validity,
            KeyPurposeId purpose,
            GeneralNames sans,
            String what) {
        Instant now = now();
        Instant notAfter = now.plus(validity);
        if (ca.notAfter().isBefore(notAfter)) {
            throw new IllegalArgumentException(
                    "CA expires at " + ca.notAfter() + ", before " + what + " would at " + notAfter);
        }
        KeyPair keys = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca.certificate(), serial(), notBefore(now), Date.from(notAfter), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            builder.addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(ca.certificate()));
            return new KeyedCertificate(sign(builder, ca.privateKey()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IssuingException("cannot issue " + what, e);
        }
    }

    private static GeneralNames generalNames(SubjectNames names) {
        return new GeneralNames(Stream.concat(
                        names.dnsNames().stream().map(n -> new GeneralName(GeneralName.dNSName, n)),
                        names.ipAddresses().stream()
                                .map(a -> new GeneralName(GeneralName.iPAddress, new DEROctetString(a.getAddress()))))
                .toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IssuingException("cannot generate an EC " + CURVE + " key pair", e);
        }
    }

    private static X500Name commonName(String name) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    }

    private BigInteger serial() {
        return new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Date notBefore(Instant now) {
        return Date.from(now.minus(CLOCK_SKEW_ALLOWANCE));
    }
}
