package io.stickyip.certs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.store.SealKeyFiles;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.contract.SigningKey;
import io.stickyip.core.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealKeyCommandTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CliContext context =
            new CliContext(clock, new CertificateIssuer(clock, new SecureRandom()), kubeconfig -> {
                throw new AssertionError("no cluster in this test");
            });

    @TempDir
    Path temp;

    @Test
    void writesAPrivateKeyOnlyItsOwnerReadsAndTheMatchingPublicKey() throws Exception {
        Path dir = temp.resolve("seal");

        CliRun run = CliRun.run(context, "seal-key", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        SigningKey key = SealKeyFiles.readSigningKey(dir.resolve("seal.key"));
        assertThat(SealKeyFiles.readPublicKey(dir.resolve("seal.pub"))).isEqualTo(key.publicKey());
        assertThat(run.out())
                .isEqualTo("seal key " + key.keyId() + ": wrote " + dir.resolve("seal.key") + " and "
                        + dir.resolve("seal.pub") + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("seal.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("seal.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("seal.pub"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
    }

    @Test
    void keepsAKeyThatIsThereUnlessForced() throws Exception {
        CliRun first = CliRun.run(context, "seal-key", "--dir", temp.toString());
        String before = Files.readString(temp.resolve("seal.key"));

        CliRun again = CliRun.run(context, "seal-key", "--dir", temp.toString());
        String kept = Files.readString(temp.resolve("seal.key"));
        CliRun forced = CliRun.run(context, "seal-key", "--dir", temp.toString(), "--force");

        assertThat(first.exitCode()).isZero();
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err())
                .startsWith("error: " + temp.resolve("seal.key") + " exists;")
                .contains("--force");
        assertThat(kept).isEqualTo(before);
        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readString(temp.resolve("seal.key"))).isNotEqualTo(before);
    }

    @Test
    void readingAKeyFileThatIsNoneNamesTheFileAndTheProblem() throws Exception {
        Files.writeString(temp.resolve("seal.key"), "not pem");
        Files.writeString(temp.resolve("seal.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> SealKeyFiles.readSigningKey(temp.resolve("seal.key"))))
                .hasMessage(temp.resolve("seal.key") + " has no PEM PRIVATE KEY block");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> SealKeyFiles.readPublicKey(temp.resolve("seal.pub"))))
                .hasMessageStartingWith(temp.resolve("seal.pub") + " is not an " + SealKeys.ALGORITHM + " public key");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> SealKeyFiles.readPublicKey(temp.resolve("none.pub"))))
                .hasMessage(temp.resolve("none.pub") + " does not exist");
    }
}
