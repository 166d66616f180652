package io.stickyip.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher's exit codes and messages, from a real JVM (System.exit and halt cannot be watched in-process). */
class LauncherIT {
    record Exit(int code, String stderr) {}

    static Exit run(Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), LauncherProbe.class.getName()))
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("STICKYIP_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe exits").isTrue();
        return new Exit(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aBadSettingExitsTwoNamingVariableAndValue() throws Exception {
        Exit exit = run(Map.of("STICKYIP_PORT", "http"));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr())
                .contains("stickyip-probe: invalid configuration: STICKYIP_PORT: http is not a number");
    }

    @Test
    void aFailedStartHaltsWithOneAndTheErrorIsLogged() throws Exception {
        Exit exit = run(Map.of("PROBE_MODE", "fail"));

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.stderr()).contains("start-up failed: java.net.BindException: Address already in use");
    }

    @Test
    void aStartedDeployableIsClosedOnExitAndJsonLogsAreJson() throws Exception {
        Exit exit = run(Map.of("STICKYIP_LOG_FORMAT", "json"));

        assertThat(exit.code()).isZero();
        assertThat(exit.stderr()).contains("\"message\":\"starting stickyip-probe config={mode=ok}\"");
        assertThat(exit.stderr()).contains("probe closed").contains("\"message\":\"stopped stickyip-probe\"");
    }
}
