package io.stickyip.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void anHttpsDeployableAlwaysHasACertificateDirectory() {
        ServerConfig.Defaults https = ServerConfig.Defaults.https(8443, "/etc/stickyip/tls");

        assertThat(ServerConfig.fromEnv(new Env(Map.of()), https))
                .isEqualTo(
                        new ServerConfig("0.0.0.0", 8443, Optional.of(Path.of("/etc/stickyip/tls")), 4 * 1024 * 1024));
        assertThat(ServerConfig.fromEnv(new Env(Map.of("STICKYIP_CERT_DIR", "/tmp/tls")), https)
                        .certDir())
                .contains(Path.of("/tmp/tls"));
    }

    @Test
    void anotherIsPlainHttpUnlessGivenACertificateDirectory() {
        ServerConfig.Defaults http = ServerConfig.Defaults.httpUnlessCertDir(8888);

        ServerConfig plain = ServerConfig.fromEnv(new Env(Map.of()), http);
        ServerConfig tls = ServerConfig.fromEnv(
                new Env(Map.of(
                        "STICKYIP_CERT_DIR",
                        "/tmp/tls",
                        "STICKYIP_PORT",
                        "9443",
                        "STICKYIP_HOST",
                        "127.0.0.1",
                        "STICKYIP_MAX_BODY_BYTES",
                        "2048")),
                http);

        assertThat(plain.https()).isFalse();
        assertThat(plain.port()).isEqualTo(8888);
        assertThat(plain.describe())
                .containsEntry("listen", "http://0.0.0.0:8888")
                .containsEntry("certDir", "(plain HTTP)");
        assertThat(tls).isEqualTo(new ServerConfig("127.0.0.1", 9443, Optional.of(Path.of("/tmp/tls")), 2048));
        assertThat(tls.describe()).containsEntry("listen", "https://127.0.0.1:9443");
    }

    @Test
    void boundsTheBodyLimit() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(
                        new Env(Map.of("STICKYIP_MAX_BODY_BYTES", "10")), ServerConfig.Defaults.httpUnlessCertDir(80)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("STICKYIP_MAX_BODY_BYTES: 10 is not between 1024 and 67108864");
    }

    @Test
    void boundsTheTimeToReadARequestAndToWaitForOne() {
        ServerConfig.Defaults http = ServerConfig.Defaults.httpUnlessCertDir(80);

        ServerConfig defaults = ServerConfig.fromEnv(new Env(Map.of()), http);
        ServerConfig set = ServerConfig.fromEnv(
                new Env(Map.of("STICKYIP_REQUEST_READ_TIMEOUT", "3s", "STICKYIP_IDLE_TIMEOUT", "1m")), http);

        assertThat(defaults.requestReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(set.requestReadTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(set.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.describe()).containsEntry("requestReadTimeout", "PT3S").containsEntry("idleTimeout", "PT1M");
        assertThatThrownBy(() -> ServerConfig.fromEnv(new Env(Map.of("STICKYIP_REQUEST_READ_TIMEOUT", "0")), http))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("STICKYIP_REQUEST_READ_TIMEOUT: 0 is not above 0 and at most 10m");
    }
}
