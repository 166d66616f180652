package io.stickyip.testing.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock across JVMs: a second JVM (Probe) asks to be alone while this one shares, and after. */
class HostChangesTest {
    @TempDir
    Path dir;

    @Test
    void aComparisonInAnotherJvmWaitsForEverySharerOfThisOne() throws Exception {
        Path file = dir.resolve("host.lock");
        HostChanges lock = new HostChanges(file);
        HostChanges.Hold first = lock.share();
        HostChanges.Hold second = lock.share();

        assertThat(probe(file)).as("alone while two hold it").startsWith("refused:");
        first.close();
        first.close();
        assertThat(probe(file)).as("alone while one still holds it").startsWith("refused:");
        second.close();
        assertThat(probe(file)).as("alone once none holds it").isEqualTo("alone");
    }

    @Test
    void aSharerWaitsWhileAnotherJvmIsAloneAndNamesWhy() throws Exception {
        Path file = dir.resolve("host.lock");
        Process alone = Probe.start(file, "hold");
        try {
            assertThat(alone.inputReader(StandardCharsets.UTF_8).readLine()).isEqualTo("alone");
            HostChanges lock = new HostChanges(file);
            Throwable refused = catchThrowable(() -> lock.alone(Duration.ofMillis(300)));
            assertThat(refused)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("another test JVM's lab");
        } finally {
            alone.getOutputStream().close();
            assertThat(alone.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        // positive control: with the other JVM gone the same call gets the lock
        try (HostChanges.Hold hold = new HostChanges(file).alone(Duration.ofSeconds(5))) {
            assertThat(hold).isNotNull();
        }
    }

    @Test
    void aComparisonWaitingGoesBeforeTheNextSharer() throws Exception {
        Path file = dir.resolve("host.lock");
        HostChanges lock = new HostChanges(file);
        HostChanges.Hold first = lock.share();
        Process alone = Probe.start(file, "wait-and-hold");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("host.lock.wanted")));
            first.close();
            CompletableFuture<HostChanges.Hold> next = CompletableFuture.supplyAsync(lock::share);
            assertThat(alone.inputReader(StandardCharsets.UTF_8).readLine())
                    .as("the waiting comparison got the lock between two sharers")
                    .isEqualTo("alone");
            assertThat(next).as("the next sharer waits while it compares").isNotDone();
            alone.getOutputStream().close();
            // positive control: once the comparison is done, the same sharer gets in
            next.get(20, TimeUnit.SECONDS).close();
        } finally {
            alone.getOutputStream().close();
            assertThat(alone.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String probe(Path file) throws IOException, InterruptedException {
        Process p = Probe.start(file, "try");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /**
     * Run in a JVM of its own: "try" asks to be alone for 300 ms; "hold" holds until its stdin closes;
     * "wait-and-hold" waits up to 20 s to be alone, then holds until its stdin closes.
     */
    static final class Probe {
        public static void main(String[] args) throws IOException {
            HostChanges lock = new HostChanges(Path.of(args[0]));
            Duration wait = args[1].equals("wait-and-hold") ? Duration.ofSeconds(20) : Duration.ofMillis(300);
            try (HostChanges.Hold hold = lock.alone(wait)) {
                System.out.println("alone");
                System.out.flush();
                if (!args[1].equals("try")) {
                    System.in.readAllBytes();
                }
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }

        static Process start(Path file, String mode) throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder(List.of(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            Probe.class.getName(),
                            file.toString(),
                            mode))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        }
    }
}
