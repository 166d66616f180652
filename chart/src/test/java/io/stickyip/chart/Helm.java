package io.stickyip.chart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The helm binary built by {@code hack/build-tools helm}, run on the repository's chart. Found as system property
 * {@code stickyip.helm.binary} (hack/test passes it), then {@code $STICKYIP_HELM}, then {@code hack/build-tools path
 * helm} (which builds it when missing).
 */
final class Helm {
    static final String PROPERTY = "stickyip.helm.binary";
    static final String RELEASE = "stickyip";
    static final String NAMESPACE = "stickyip-system";

    /** helm's own configuration, cache and data, empty: no user's repositories or plugins change a result. */
    private static final Path HOME = tempHome();

    private static Path binary;

    private Helm() {}

    /** What one helm command did. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The command, its exit code and its output, for an assertion's description. */
        String describe() {
            return String.join(" ", command) + "\nexit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    static Path repo() {
        String dir = System.getProperty("stickyip.repo");
        return (dir == null ? Path.of("..") : Path.of(dir)).toAbsolutePath().normalize();
    }

    static Path chart() {
        return repo().resolve("charts/stickyip");
    }

    static Path resources() {
        return repo().resolve("chart/src/test/resources");
    }

    /** {@code helm template stickyip charts/stickyip --namespace stickyip-system ARGS...}. */
    static Result template(String... args) {
        List<String> all = new ArrayList<>(List.of("template", RELEASE, chart().toString(), "--namespace", NAMESPACE));
        all.addAll(List.of(args));
        return run(all);
    }

    /** {@code helm lint --strict charts/stickyip --namespace stickyip-system ARGS...}. */
    static Result lint(String... args) {
        List<String> all = new ArrayList<>(List.of("lint", "--strict", chart().toString(), "--namespace", NAMESPACE));
        all.addAll(List.of(args));
        return run(all);
    }

    static Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(args);
        return exec(command, Map.of());
    }

    static Result exec(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo().toFile());
        pb.environment().put("HELM_CONFIG_HOME", HOME.resolve("config").toString());
        pb.environment().put("HELM_CACHE_HOME", HOME.resolve("cache").toString());
        pb.environment().put("HELM_DATA_HOME", HOME.resolve("data").toString());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after 120 s: " + String.join(" ", command));
            }
            return new Result(command, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("stickyip-helm-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized Path binary() {
        if (binary == null) {
            binary = find();
        }
        return binary;
    }

    private static Path find() {
        String property = System.getProperty(PROPERTY, "");
        String env = System.getenv().getOrDefault("STICKYIP_HELM", "");
        String given = !property.isBlank() ? property : env;
        if (!given.isBlank()) {
            Path p = Path.of(given);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("helm binary " + p + " ("
                        + (property.isBlank() ? "$STICKYIP_HELM" : PROPERTY) + ") is not an executable file");
            }
            return p;
        }
        Result built = exec(List.of(repo().resolve("hack/build-tools").toString(), "path", "helm"), Map.of());
        if (!built.ok()) {
            throw new IllegalStateException("no helm: give -D" + PROPERTY
                    + "=$(hack/build-tools path helm); hack/build-tools failed:\n" + built.stderr());
        }
        return Path.of(built.stdout().strip());
    }
}
