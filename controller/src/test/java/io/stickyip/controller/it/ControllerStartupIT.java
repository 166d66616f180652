package io.stickyip.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.runtime.testing.JarStartup;
import io.stickyip.runtime.testing.JarStartup.Exit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar ({@code stickyip-controller.jar}) started as a process, as a Deployment starts it: settings that
 * disagree stop it at once with exit 2 and a line naming the variable, before anything listens or connects.
 */
class ControllerStartupIT {
    static final Path JAR = Path.of("target", "stickyip-controller.jar");

    static Exit run(Map<String, String> env) throws IOException, InterruptedException {
        return JarStartup.run(JAR, env);
    }

    @Test
    void refusesAnUnbornGraceOutsideItsBounds() throws Exception {
        Exit exit = run(Map.of(
                "STICKYIP_ETCD_ENDPOINTS",
                "http://127.0.0.1:2379",
                "STICKYIP_ETCD_PLAINTEXT",
                "true",
                "STICKYIP_UNBORN_GRACE",
                "2s"));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).contains("STICKYIP_UNBORN_GRACE: 2s must be between 5s and 10m");
    }

    @Test
    void refusesEtcdOverTlsWithoutAClientCertificate() throws Exception {
        Exit exit = run(Map.of("STICKYIP_ETCD_ENDPOINTS", "https://127.0.0.1:2379"));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr())
                .contains("invalid configuration: STICKYIP_ETCD_ENDPOINTS is https://127.0.0.1:2379 (TLS) but "
                        + "STICKYIP_ETCD_CA_FILE is not set");
    }
}
