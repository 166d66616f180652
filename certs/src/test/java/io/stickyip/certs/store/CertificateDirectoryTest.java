package io.stickyip.certs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.PemFormatException;
import io.stickyip.certs.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateDirectoryTest {
    private static final TestPki PKI = new TestPki();
    private static final IssuedCertificates ISSUED = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));

    @TempDir
    Path temp;

    @Test
    void theBundleRoundTripsThroughFiles() {
        CertificateDirectory directory = new CertificateDirectory(temp.resolve("certs"));

        directory.write(ISSUED);

        assertThat(directory.hasBundle()).isTrue();
        assertThat(directory.read()).isEqualTo(ISSUED.bundle());
        assertThat(directory.readCa()).contains(ISSUED.ca());
    }

    @ParameterizedTest(name = "{0} has mode {1}")
    @CsvSource({"ca.crt, rw-r--r--", "tls.crt, rw-r--r--", "tls.key, rw-------", "ca.key, rw-------"})
    void keysAreReadableByTheOwnerOnly(String file, String mode) throws Exception {
        CertificateDirectory directory = new CertificateDirectory(temp);

        directory.write(ISSUED);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve(file))))
                .isEqualTo(mode);
    }

    @Test
    void aNewDirectoryIsPrivateAndHoldsNoTemporaryFiles() throws Exception {
        Path created = temp.resolve("a/b");

        new CertificateDirectory(created).write(ISSUED);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                .isEqualTo("rwx------");
        try (var files = Files.list(created)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.crt", "ca.key", "tls.crt", "tls.key");
        }
    }

    @Test
    void aBundleWithoutCaKeyIsWrittenAndReadWithoutOne() {
        CertificateDirectory directory = new CertificateDirectory(temp);

        directory.write(ISSUED.bundle());

        assertThat(directory.read()).isEqualTo(ISSUED.bundle());
        assertThat(directory.readCa()).isEmpty();
    }

    @Test
    void theFingerprintChangesWhenTheServingCertificateIsRenewedAndNotOtherwise() {
        CertificateDirectory directory = new CertificateDirectory(temp);
        directory.write(ISSUED);
        Fingerprint first = directory.fingerprint();

        directory.write(ISSUED);
        Fingerprint rewritten = directory.fingerprint();
        directory.write(PKI.renew(ISSUED, Duration.ofDays(10)));
        Fingerprint renewed = directory.fingerprint();

        assertThat(rewritten).isEqualTo(first).isEqualTo(Fingerprint.of(ISSUED.bundle()));
        assertThat(renewed).isNotEqualTo(first);
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = temp.resolve("nope");

        assertThatThrownBy(() -> new CertificateDirectory(missing).read())
                .isInstanceOf(CertificateStoreException.class)
                .hasMessage("no such directory: " + missing);
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        new CertificateDirectory(temp).write(ISSUED);
        Files.delete(temp.resolve("tls.key"));

        assertThatThrownBy(() -> new CertificateDirectory(temp).read())
                .isInstanceOf(CertificateStoreException.class)
                .hasMessage("missing " + temp.resolve("tls.key"));
    }

    @Test
    void aFileThatIsNotPemIsNamed() throws Exception {
        new CertificateDirectory(temp).write(ISSUED);
        Files.writeString(temp.resolve(CertificateBundle.TLS_CERT), "not a certificate");

        assertThatThrownBy(() -> new CertificateDirectory(temp).read())
                .isInstanceOf(PemFormatException.class)
                .hasMessage(temp + "/tls.crt: no PEM CERTIFICATE block found");
    }
}
