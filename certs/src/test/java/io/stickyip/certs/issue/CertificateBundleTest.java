package io.stickyip.certs.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateBundleTest {
    private static final CertificateIssuer ISSUER = new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
    private static final KeyedCertificate CA = ISSUER.issueCa(Duration.ofDays(10));
    private static final SubjectNames NAMES = SubjectNames.parse(List.of("stickyip-webhook"), List.of());
    private static final IssuedCertificates ISSUED =
            new IssuedCertificates(CA, ISSUER.issueServing(CA, NAMES, Duration.ofDays(1)));

    @Test
    void pemTextRoundTrips() {
        CertificateBundle bundle = ISSUED.bundle();

        CertificateBundle read = CertificateBundle.fromPem(bundle.caCertPem(), bundle.certPem(), bundle.keyPem());

        assertThat(read).isEqualTo(bundle);
        assertThat(read.notAfter()).isEqualTo(ISSUED.serving().notAfter());
        assertThat(read.servingCertificate()).isEqualTo(ISSUED.serving().certificate());
        assertThat(read.caCertificate()).isEqualTo(CA.certificate());
        assertThat(read.privateKey()).isEqualTo(ISSUED.serving().privateKey());
    }

    @Test
    void theKeyIsPkcs8AndHoldsNoCaKey() {
        CertificateBundle bundle = ISSUED.bundle();

        assertThat(bundle.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(bundle.certPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(bundle.keyPem()).isNotEqualTo(CA.privateKeyPem());
    }

    @Test
    void readsAnOpenSslStyleSec1EcKeyToo() throws Exception {
        ECPrivateKey key = (ECPrivateKey) ISSUED.serving().privateKey();
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(key.getEncoded());
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        256, key.getS(), pkcs8.getPrivateKeyAlgorithm().getParameters())
                .getEncoded();
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", sec1));
        }

        ECPrivateKey read = (ECPrivateKey) Pem.privateKey(pem.toString());

        assertThat(read.getS()).isEqualTo(key.getS());
        assertThat(read.getParams().toString()).isEqualTo(key.getParams().toString());
    }

    static Stream<Arguments> brokenBundles() {
        CertificateBundle good = ISSUED.bundle();
        String otherKey = ISSUER.issueServing(CA, NAMES, Duration.ofDays(1)).privateKeyPem();
        return Stream.of(
                broken(
                        "a CA file without PEM",
                        good,
                        b -> new CertificateBundle("hello", b.certPem(), b.keyPem(), b.notAfter()),
                        "ca.crt: no PEM CERTIFICATE block found"),
                broken(
                        "a certificate file holding a key",
                        good,
                        b -> new CertificateBundle(b.caCertPem(), b.keyPem(), b.keyPem(), b.notAfter()),
                        "tls.crt: no PEM CERTIFICATE block found"),
                broken(
                        "a corrupted certificate",
                        good,
                        b -> new CertificateBundle(b.caCertPem(), corrupt(b.certPem()), b.keyPem(), b.notAfter()),
                        "tls.crt: not a valid X.509 certificate"),
                broken(
                        "a key file holding a certificate",
                        good,
                        b -> new CertificateBundle(b.caCertPem(), b.certPem(), b.certPem(), b.notAfter()),
                        "tls.key: expected a private key"),
                broken(
                        "an empty key file",
                        good,
                        b -> new CertificateBundle(b.caCertPem(), b.certPem(), "", b.notAfter()),
                        "tls.key: no PEM PRIVATE KEY block found"),
                broken(
                        "another certificate's key",
                        good,
                        b -> new CertificateBundle(b.caCertPem(), b.certPem(), otherKey, b.notAfter()),
                        "tls.key: the private key does not belong to the serving certificate CN=stickyip-webhook"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("brokenBundles")
    void rejectsBrokenPemNamingThePart(String description, CertificateBundle bundle, String message) {
        assertThatThrownBy(() -> CertificateBundle.fromPem(bundle.caCertPem(), bundle.certPem(), bundle.keyPem()))
                .isInstanceOf(PemFormatException.class)
                .hasMessageStartingWith(message);
    }

    private static Arguments broken(
            String description, CertificateBundle good, UnaryOperator<CertificateBundle> breakIt, String message) {
        return Arguments.of(description, breakIt.apply(good), message);
    }

    private static String corrupt(String pem) {
        String[] lines = pem.split("\n");
        lines[2] = "A".repeat(lines[2].length());
        return String.join("\n", lines);
    }
}
