package io.stickyip.webhook.reservation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdStoreConfigTest {

    @Test
    void defaultsThePrefixAndTimeout() {
        EtcdStoreConfig config = EtcdStoreConfig.fromMap(Map.of(EtcdStoreConfig.ENDPOINTS_KEY, "http://etcd-0:2379, http://etcd-1:2379"));

        assertThat(config).isEqualTo(new EtcdStoreConfig(
                List.of(URI.create("http://etcd-0:2379"), URI.create("http://etcd-1:2379")), "/stickyip/v1/", Duration.ofSeconds(2)));
        assertThat(config.endpointsText()).isEqualTo("http://etcd-0:2379,http://etcd-1:2379");
    }

    @Test
    void readsEveryKnob() {
        EtcdStoreConfig config = EtcdStoreConfig.fromMap(Map.of(
                EtcdStoreConfig.ENDPOINTS_KEY, "http://127.0.0.1:2379",
                EtcdStoreConfig.PREFIX_KEY, "/test/",
                EtcdStoreConfig.TIMEOUT_KEY, "500"));

        assertThat(config.prefix()).isEqualTo("/test/");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        ''                    | /stickyip/v1/ | 2000 | STICKYIP_ETCD_ENDPOINTS is required (e.g. http://etcd:2379)
        etcd:2379             | /stickyip/v1/ | 2000 | etcd endpoint must look like http://host:port: etcd:2379
        https://etcd:2379     | /stickyip/v1/ | 2000 | etcd endpoint must look like http://host:port: https://etcd:2379
        http://etcd:2379      | stickyip      | 2000 | etcd key prefix must start and end with '/': stickyip
        http://etcd:2379      | /stickyip/v1/ | 0    | etcd timeout must be positive: PT0S
        http://etcd:2379      | /stickyip/v1/ | 2s   | STICKYIP_ETCD_TIMEOUT_MS must be a number of milliseconds: 2s
        """)
    void rejectsBadSettingsNamingThem(String endpoints, String prefix, String timeout, String message) {
        Map<String, String> env = new HashMap<>();
        env.put(EtcdStoreConfig.ENDPOINTS_KEY, endpoints);
        env.put(EtcdStoreConfig.PREFIX_KEY, prefix);
        env.put(EtcdStoreConfig.TIMEOUT_KEY, timeout);

        assertThatThrownBy(() -> EtcdStoreConfig.fromMap(env)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
