package io.stickyip.runtime.lifecycle;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.ServerConfig;
import java.util.Map;

/**
 * A deployable for {@link LauncherIT}, run in its own JVM: {@code PROBE_MODE=fail} fails its start,
 * anything else starts and stops at once; a bad {@code STICKYIP_PORT} is a bad configuration.
 */
public final class LauncherProbe {
    record ProbeConfig(ServerConfig server, String mode, LogFormat logFormat) implements Launcher.LaunchConfig {
        @Override
        public Map<String, Object> describe() {
            return Map.of("mode", mode);
        }
    }

    private LauncherProbe() {}

    public static void main(String[] args) {
        Launcher.launch(
                "stickyip-probe",
                () -> {
                    Env env = Env.system();
                    return new ProbeConfig(
                            ServerConfig.fromEnv(env, ServerConfig.Defaults.httpUnlessCertDir(0)),
                            env.string("PROBE_MODE", "ok"),
                            env.oneOf("STICKYIP_LOG_FORMAT", LogFormat.TEXT));
                },
                config -> {
                    if (config.mode().equals("fail")) {
                        throw new java.net.BindException("Address already in use");
                    }
                    return () -> System.err.println("probe closed");
                });
    }
}
