package io.stickyip.certs.rotate;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.issue.Validity;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.certs.store.Fingerprint;
import io.stickyip.certs.testing.TestPki;
import io.stickyip.core.testing.ManualClock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRotationTest {
    private static final Optional<SubjectNames> NAMES = Optional.of(TestPki.WEBHOOK_NAMES);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DirectoryRotation rotation =
            new DirectoryRotation(new CertificateIssuer(clock, new SecureRandom()), RotationPolicy.DEFAULT, clock);

    @TempDir
    Path temp;

    @Test
    void anEmptyDirectoryGetsACaAndAServingCertificate() {
        CertificateDirectory directory = new CertificateDirectory(temp.resolve("new"));

        RotationOutcome outcome = rotation.rotate(directory, NAMES, false);

        assertThat(outcome.summary()).isEqualTo("issued a new CA and serving certificate: no CA certificate");
        assertThat(outcome.written()).contains(directory.read());
        assertThat(directory.readCa()).isPresent();
        assertThat(directory.read().notAfter()).isEqualTo(clock.instant().plus(Validity.DEFAULT_SERVING));
    }

    @Test
    void aFreshCertificateIsKeptAndTheFilesAreUntouched() {
        CertificateDirectory directory = new CertificateDirectory(temp);
        rotation.rotate(directory, NAMES, false);
        Fingerprint before = directory.fingerprint();
        clock.advance(Duration.ofDays(65));

        RotationOutcome outcome = rotation.rotate(directory, Optional.empty(), false);

        assertThat(outcome.summary()).isEqualTo("kept: 300 days left");
        assertThat(outcome.written()).isEmpty();
        assertThat(directory.fingerprint()).isEqualTo(before);
    }

    @Test
    void anAgingCertificateIsRenewedUnderTheSameCa() {
        CertificateDirectory directory = new CertificateDirectory(temp);
        rotation.rotate(directory, NAMES, false);
        CertificateBundle first = directory.read();
        clock.advance(Duration.ofDays(244));

        RotationOutcome outcome = rotation.rotate(directory, Optional.empty(), false);

        assertThat(outcome.summary()).isEqualTo("renewed serving certificate: 121 days left < 1/3 of 365");
        CertificateBundle renewed = directory.read();
        assertThat(renewed.caCertPem()).isEqualTo(first.caCertPem());
        assertThat(renewed.certPem()).isNotEqualTo(first.certPem());
        assertThat(SubjectNames.of(renewed.servingCertificate())).isEqualTo(TestPki.WEBHOOK_NAMES);
    }

    @Test
    void newNamesRenewTheServingCertificateWithThem() throws Exception {
        CertificateDirectory directory = new CertificateDirectory(temp);
        rotation.rotate(directory, NAMES, false);
        SubjectNames more = new SubjectNames(
                TestPki.WEBHOOK_NAMES.dnsNames(),
                List.of(InetAddress.getLoopbackAddress(), InetAddress.getByAddress(new byte[] {10, 0, 0, 7})));

        RotationOutcome outcome = rotation.rotate(directory, Optional.of(more), false);

        assertThat(outcome.summary()).isEqualTo("renewed serving certificate: names changed: +10.0.0.7");
        assertThat(SubjectNames.of(directory.read().servingCertificate())).isEqualTo(more);
    }

    @Test
    void aCaNearItsEndIsReplacedWithTheServingCertificate() {
        CertificateDirectory directory = new CertificateDirectory(temp);
        rotation.rotate(directory, NAMES, false);
        CertificateBundle first = directory.read();
        clock.advance(Duration.ofDays(3650 - 300));

        RotationOutcome outcome = rotation.rotate(directory, Optional.empty(), true);

        assertThat(outcome.summary())
                .isEqualTo(
                        "issued a new CA and serving certificate: the CA has 300 days left, less than a new serving certificate's 365 days");
        assertThat(directory.read().caCertPem()).isNotEqualTo(first.caCertPem());
    }

    @Test
    void aServingCertificateWithoutItsCaKeyIsReplacedTogetherWithTheCa() throws Exception {
        CertificateDirectory directory = new CertificateDirectory(temp);
        rotation.rotate(directory, NAMES, false);
        CertificateBundle first = directory.read();
        Files.delete(temp.resolve(CertificateDirectory.CA_KEY));

        RotationOutcome outcome = rotation.rotate(directory, Optional.empty(), true);

        assertThat(outcome.summary())
                .isEqualTo("issued a new CA and serving certificate: forced; no CA key to sign a new one");
        assertThat(directory.read().caCertPem()).isNotEqualTo(first.caCertPem());
        assertThat(directory.readCa()).isPresent();
    }
}
