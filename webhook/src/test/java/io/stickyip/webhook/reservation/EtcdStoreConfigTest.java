package io.stickyip.webhook.reservation;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdStoreConfigTest {

    @Test
    void defaultsEverything() {
        assertThat(EtcdStoreConfig.fromEnv(new Env(Map.of()))).isEqualTo(new EtcdStoreConfig(
                List.of(URI.create("http://127.0.0.1:2379")), "/stickyip/v1/", Duration.ofSeconds(2)));
    }

    @Test
    void readsEveryKnob() {
        EtcdStoreConfig config = EtcdStoreConfig.fromEnv(new Env(Map.of(
                "STICKYIP_ETCD_ENDPOINTS", "http://etcd-0:2379, http://etcd-1:2379",
                "STICKYIP_ETCD_PREFIX", "/test/",
                "STICKYIP_ETCD_TIMEOUT", "500ms")));

        assertThat(config).isEqualTo(new EtcdStoreConfig(
                List.of(URI.create("http://etcd-0:2379"), URI.create("http://etcd-1:2379")), "/test/", Duration.ofMillis(500)));
        assertThat(config.endpointsText()).isEqualTo("http://etcd-0:2379,http://etcd-1:2379");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        STICKYIP_ETCD_ENDPOINTS | etcd:2379         | STICKYIP_ETCD_ENDPOINTS: etcd:2379 is not an etcd client URL (http://host:port)
        STICKYIP_ETCD_ENDPOINTS | https://etcd:2379 | STICKYIP_ETCD_ENDPOINTS: https://etcd:2379 is not an etcd client URL (http://host:port)
        STICKYIP_ETCD_ENDPOINTS | http://etcd       | STICKYIP_ETCD_ENDPOINTS: http://etcd is not an etcd client URL (http://host:port)
        STICKYIP_ETCD_PREFIX    | stickyip          | STICKYIP_ETCD_PREFIX: stickyip must start and end with '/'
        STICKYIP_ETCD_TIMEOUT   | 0                 | STICKYIP_ETCD_TIMEOUT: 0 must be positive
        STICKYIP_ETCD_TIMEOUT   | 2000              | STICKYIP_ETCD_TIMEOUT: 2000 is not a duration (e.g. 500ms, 30s, 5m)
        """)
    void refusesABadSettingNamingVariableAndValue(String variable, String value, String message) {
        assertThatThrownBy(() -> EtcdStoreConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOf(InvalidConfigException.class).hasMessage(message);
    }

    @Test
    void theRecordRefusesWhatTheEnvironmentWould() {
        assertThatThrownBy(() -> EtcdStoreConfig.of("https://etcd:2379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("etcd endpoint https://etcd:2379 is not an etcd client URL (http://host:port)");
    }
}
