package io.stickyip.testing.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the etcd binary for tests, first match wins:
 * <ol>
 *   <li>system property {@value #PROPERTY} (failsafe passes it through from {@code -D});</li>
 *   <li>environment variable {@value #ENV};</li>
 *   <li>{@code hack/build-tools path etcd}, run from the repository root (builds etcd from its Go
 *       module into the cache on first use, a minute or two).</li>
 * </ol>
 * Fails with a message saying all three when none gives an executable file.
 */
public final class EtcdBinary {

    public static final String PROPERTY = "stickyip.etcd.binary";
    public static final String ENV = "STICKYIP_ETCD";
    private static final String BUILD_TOOLS = "hack/build-tools";
    private static final long BUILD_TIMEOUT_MINUTES = 15;

    private EtcdBinary() {}

    public static Path locate() {
        Optional<String> configured = nonBlank(System.getProperty(PROPERTY)).or(() -> nonBlank(System.getenv(ENV)));
        if (configured.isPresent()) {
            return executable(Path.of(configured.get()), "set by -D" + PROPERTY + " or $" + ENV);
        }
        Path root = repositoryRoot()
                .orElseThrow(() ->
                        new IllegalStateException("no etcd binary: set -D" + PROPERTY + "=/path/to/etcd or $" + ENV
                                + ", or run from the stickyip repository so " + BUILD_TOOLS + " can build it"
                                + " (looked for " + BUILD_TOOLS + " above "
                                + Path.of("").toAbsolutePath() + ")"));
        return executable(buildTools(root), "printed by " + BUILD_TOOLS + " path etcd");
    }

    private static Path buildTools(Path root) {
        try {
            Path stderr = Files.createTempFile("stickyip-build-tools-", ".log");
            Process process = new ProcessBuilder(root.resolve(BUILD_TOOLS).toString(), "path", "etcd")
                    .directory(root.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        BUILD_TOOLS + " path etcd took over " + BUILD_TIMEOUT_MINUTES + " min, log: " + stderr);
            }
            if (process.exitValue() != 0 || stdout.isEmpty()) {
                throw new IllegalStateException(BUILD_TOOLS + " path etcd failed (exit " + process.exitValue()
                        + "), set -D" + PROPERTY + " or $" + ENV + " to an etcd binary instead; log:\n"
                        + Files.readString(stderr));
            }
            Files.deleteIfExists(stderr);
            return Path.of(stdout.lines().reduce((first, last) -> last).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + BUILD_TOOLS + " path etcd in " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + BUILD_TOOLS, e);
        }
    }

    private static Optional<Path> repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(BUILD_TOOLS))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Path executable(Path path, String origin) {
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IllegalStateException("etcd binary " + path + " (" + origin + ") is not an executable file");
        }
        return path;
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
    }
}
