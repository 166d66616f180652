package io.stickyip.certs.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateIssuerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int KEY_CERT_SIGN = 5;
    private static final int DIGITAL_SIGNATURE = 0;

    private final CertificateIssuer issuer =
            new CertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    private final KeyedCertificate ca = issuer.issueCa(Validity.DEFAULT_CA);

    @Test
    void theCaIsASelfSignedP256CaThatMaySignCertificates() throws Exception {
        X509Certificate cert = ca.certificate();

        cert.verify(cert.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=stickyip-ca");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getBasicConstraints()).isZero();
        assertThat(cert.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().toString()).contains("secp256r1");
    }

    @Test
    void theServingCertificateChainsToTheCa() throws Exception {
        X509Certificate serving =
                issuer.issueServing(ca, names(), Validity.DEFAULT_SERVING).certificate();

        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(serving));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));

        CertPathValidator.getInstance("PKIX").validate(path, parameters);
        serving.verify(ca.certificate().getPublicKey());
    }

    @Test
    void theServingCertificateIsForServerAuthAndIsNoCa() throws Exception {
        X509Certificate serving =
                issuer.issueServing(ca, names(), Validity.DEFAULT_SERVING).certificate();

        assertThat(serving.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertThat(serving.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(serving.getKeyUsage()[KEY_CERT_SIGN]).isFalse();
        assertThat(serving.getSubjectX500Principal().getName()).isEqualTo("CN=stickyip-webhook");
        assertThat(serving.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    }

    static Stream<Arguments> requestedNames() {
        return Stream.of(
                Arguments.of(
                        "the four service names",
                        SubjectNames.serviceDnsNames("stickyip-webhook", "stickyip-system"),
                        List.of()),
                Arguments.of("one loopback address", List.of(), List.of("127.0.0.1")),
                Arguments.of(
                        "a name and two addresses of both families",
                        List.of("webhook.example"),
                        List.of("127.0.0.1", "::1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestedNames")
    void theServingCertificateHasExactlyTheRequestedNames(String description, List<String> dns, List<String> ips)
            throws Exception {
        SubjectNames requested = SubjectNames.parse(dns, ips);

        X509Certificate serving =
                issuer.issueServing(ca, requested, Validity.DEFAULT_SERVING).certificate();

        assertThat(SubjectNames.of(serving).dnsNames()).containsExactlyElementsOf(dns);
        assertThat(SubjectNames.of(serving).ipAddresses())
                .containsExactlyElementsOf(
                        ips.stream().map(CertificateIssuerTest::address).toList());
        assertThat(serving.getSubjectAlternativeNames()).hasSize(dns.size() + ips.size());
    }

    static Stream<Arguments> validities() {
        return Stream.of(
                Arguments.of(Duration.ofDays(1)),
                Arguments.of(Duration.ofDays(90)),
                Arguments.of(Validity.DEFAULT_SERVING));
    }

    @ParameterizedTest(name = "serving certificate valid for {0}")
    @MethodSource("validities")
    void theServingCertificateIsValidForTheConfiguredTime(Duration validity) {
        X509Certificate serving = issuer.issueServing(ca, names(), validity).certificate();

        assertThat(serving.getNotAfter().toInstant()).isEqualTo(NOW.plus(validity));
        assertThat(serving.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateIssuer.CLOCK_SKEW_ALLOWANCE));
    }

    @Test
    void theCaIsValidForTheConfiguredTime() {
        assertThat(ca.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(ca.certificate().getNotBefore().toInstant())
                .isEqualTo(NOW.minus(CertificateIssuer.CLOCK_SKEW_ALLOWANCE));
    }

    @Test
    void refusesAServingCertificateThatWouldOutliveItsCa() {
        KeyedCertificate shortCa = issuer.issueCa(Duration.ofDays(30));

        assertThatThrownBy(() -> issuer.issueServing(shortCa, names(), Duration.ofDays(31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CA expires");
    }

    @Test
    void refusesAServingCertificateWithoutNames() {
        SubjectNames none = SubjectNames.parse(List.of(), List.of());

        assertThatThrownBy(() -> issuer.issueServing(ca, none, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCertificateGetsItsOwnKeyAndSerial() {
        KeyedCertificate first = issuer.issueServing(ca, names(), Duration.ofDays(1));
        KeyedCertificate second = issuer.issueServing(ca, names(), Duration.ofDays(1));

        assertThat(first.certificate().getSerialNumber())
                .isNotEqualTo(second.certificate().getSerialNumber());
        assertThat(first.certificate().getPublicKey())
                .isNotEqualTo(second.certificate().getPublicKey());
        assertThat(first.certificate().getSerialNumber().signum()).isPositive();
    }

    private static SubjectNames names() {
        return SubjectNames.parse(
                List.of("stickyip-webhook", "stickyip-webhook.stickyip-system.svc"), List.of("127.0.0.1"));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
