package io.stickyip.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.runtime.config.InvalidConfigException;
import io.stickyip.runtime.lifecycle.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControllerConfigTest {

    static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("STICKYIP_ETCD_PLAINTEXT", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsToTheClusterAndPlainHttpOn8080() {
        ControllerConfig config = ControllerConfig.fromMap(env("POD_NAME", "stickyip-controller-0"));

        assertThat(config.poolsFile()).isEmpty();
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().certDir()).isEmpty();
        assertThat(config.gcGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.gcInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.unbornGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(config.leaseNamespace()).isEqualTo("stickyip-system");
        assertThat(config.identity()).startsWith("stickyip-controller-0-");
        assertThat(config.nodeAddresses()).isEmpty();
        assertThat(config.describe())
                .containsEntry("listen", "http://0.0.0.0:8080")
                .containsEntry("pools", "kubernetes")
                .containsEntry("nodeAddresses", "off");
    }

    @Test
    void theLeaseNamespaceFallsBackToThePodsOwn() {
        assertThat(ControllerConfig.fromMap(env("POD_NAMESPACE", "ops")).leaseNamespace())
                .isEqualTo("ops");
        assertThat(ControllerConfig.fromMap(env("POD_NAMESPACE", "ops", "STICKYIP_LEASE_NAMESPACE", "leases"))
                        .leaseNamespace())
                .isEqualTo("leases");
    }

    @Test
    void theNodeAddressControllerIsOffByDefault() {
        assertThat(ControllerConfig.fromMap(env()).nodeAddresses()).isEmpty();
        assertThat(ControllerConfig.fromMap(env("STICKYIP_NODE_ADDRESSES", "true"))
                        .nodeAddresses())
                .isPresent();
        assertThat(ControllerConfig.fromMap(env("STICKYIP_NODE_ADDRESSES", "true", "STICKYIP_CLUSTER_NAME", "prod"))
                        .describe()
                        .get("nodeAddresses")
                        .toString())
                .contains("cluster=prod");
    }

    @Test
    void theUnbornGraceIsSetApartFromTheWorkloadGrace() {
        ControllerConfig config = ControllerConfig.fromMap(env("STICKYIP_UNBORN_GRACE", "30s"));

        assertThat(config.unbornGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.gcGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.describe()).containsEntry("unbornGrace", Duration.ofSeconds(30));
    }

    @Test
    void aPoolsFileReplacesTheClustersPools() {
        assertThat(ControllerConfig.fromMap(env("STICKYIP_POOLS_FILE", "/dev/null"))
                        .poolsFile())
                .contains(Path.of("/dev/null"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
        STICKYIP_LOG_FORMAT            | xml     | STICKYIP_LOG_FORMAT: xml is not one of text, json
        STICKYIP_GC_GRACE              | forever | STICKYIP_GC_GRACE: forever is not a duration (e.g. 500ms, 30s, 5m)
        STICKYIP_GC_INTERVAL           | often   | STICKYIP_GC_INTERVAL: often is not a duration (e.g. 500ms, 30s, 5m)
        STICKYIP_UNBORN_GRACE          | soon    | STICKYIP_UNBORN_GRACE: soon is not a duration (e.g. 500ms, 30s, 5m)
        STICKYIP_UNBORN_GRACE          | 2s      | STICKYIP_UNBORN_GRACE: 2s must be between 5s and 10m: longer than a pod takes through the rest of the admission chain, short enough that refused creates do not drain a pool
        STICKYIP_UNBORN_GRACE          | 1h      | STICKYIP_UNBORN_GRACE: 1h must be between 5s and 10m: longer than a pod takes through the rest of the admission chain, short enough that refused creates do not drain a pool
        STICKYIP_ETCD_TIMEOUT          | 0       | STICKYIP_ETCD_TIMEOUT: 0 must be positive
        STICKYIP_PORT                  | 70000   | STICKYIP_PORT: 70000 is not between 0 and 65535
        """)
    void aBadSettingIsRefusedNamingVariableAndValue(String variable, String value, String message) {
        Map<String, String> env = env();
        env.put(variable, value);

        assertThatThrownBy(() -> ControllerConfig.fromMap(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }
}
