package io.stickyip.certs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.PemFormatException;
import io.stickyip.certs.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateWatcherTest {
    private static final TestPki PKI = new TestPki();
    private static final IssuedCertificates ISSUED = PKI.issue(Duration.ofDays(30), Duration.ofDays(10));

    @TempDir
    Path temp;

    @Test
    void theFirstPollLoadsTheFilesAndTheNextFindsThemUnchanged() {
        CertificateDirectory directory = new CertificateDirectory(temp);
        directory.write(ISSUED);
        CertificateWatcher watcher = new CertificateWatcher(directory);

        Reload first = watcher.poll();
        Reload second = watcher.poll();

        assertThat(first).isEqualTo(new Reload.Changed(ISSUED.bundle(), Fingerprint.of(ISSUED.bundle())));
        assertThat(second).isEqualTo(new Reload.Unchanged(Fingerprint.of(ISSUED.bundle())));
        assertThat(watcher.loaded()).contains(Fingerprint.of(ISSUED.bundle()));
    }

    @Test
    void aRenewedCertificateIsReportedOnce() {
        CertificateDirectory directory = new CertificateDirectory(temp);
        directory.write(ISSUED);
        CertificateWatcher watcher = new CertificateWatcher(directory);
        watcher.poll();
        IssuedCertificates renewed = PKI.renew(ISSUED, Duration.ofDays(10));

        directory.write(renewed);

        assertThat(watcher.poll()).isEqualTo(new Reload.Changed(renewed.bundle(), Fingerprint.of(renewed.bundle())));
        assertThat(watcher.poll()).isInstanceOf(Reload.Unchanged.class);
    }

    @Test
    void aHalfWrittenBundleFailsAndIsLoadedOnceComplete() throws Exception {
        CertificateDirectory directory = new CertificateDirectory(temp);
        directory.write(ISSUED);
        CertificateWatcher watcher = new CertificateWatcher(directory);
        watcher.poll();
        IssuedCertificates renewed = PKI.renew(ISSUED, Duration.ofDays(10));

        Files.writeString(
                temp.resolve(CertificateBundle.TLS_KEY), renewed.serving().privateKeyPem());
        Reload halfWritten = watcher.poll();
        directory.write(renewed);
        Reload complete = watcher.poll();

        assertThat(halfWritten)
                .isInstanceOfSatisfying(
                        Reload.Failed.class,
                        failed -> assertThat(failed.error())
                                .isInstanceOf(PemFormatException.class)
                                .hasMessageContaining(
                                        "tls.key: the private key does not belong to the serving certificate"));
        assertThat(complete).isEqualTo(new Reload.Changed(renewed.bundle(), Fingerprint.of(renewed.bundle())));
    }

    @Test
    void aMissingDirectoryFailsWithoutThrowing() {
        CertificateWatcher watcher = new CertificateWatcher(new CertificateDirectory(temp.resolve("absent")));

        assertThat(watcher.poll())
                .isInstanceOfSatisfying(
                        Reload.Failed.class,
                        failed -> assertThat(failed.error())
                                .isInstanceOf(CertificateStoreException.class)
                                .hasMessageStartingWith("no such directory"));
        assertThat(watcher.loaded()).isEmpty();
    }
}
