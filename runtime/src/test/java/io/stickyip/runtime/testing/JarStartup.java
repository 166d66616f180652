package io.stickyip.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A deployable's packaged jar started as a process, as a Deployment starts it, with only the {@code STICKYIP_*}
 * settings a test gives: for the start-up tests, whose processes must stop at once on settings that disagree.
 */
public final class JarStartup {
    /** How long a process that should stop at once may take. */
    public static final int EXIT_WITHIN_SECONDS = 60;

    /** How the process ended: its exit code and what it wrote to stderr. */
    public record Exit(int code, String stderr) {}

    private JarStartup() {}

    /** Runs {@code java -jar jar} with {@code env} as its only {@code STICKYIP_*} variables and waits for it to exit. */
    public static Exit run(Path jar, Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb =
                new ProcessBuilder(List.of(java, "-jar", jar.toAbsolutePath().toString()));
        pb.environment().keySet().removeIf(k -> k.startsWith("STICKYIP_"));
        pb.environment().putAll(env);
        Path err = Files.createTempFile("stickyip-startup-", ".err");
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(jar.getFileName() + " did not exit within " + EXIT_WITHIN_SECONDS + " s");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        return new Exit(p.exitValue(), stderr);
    }
}
