package io.stickyip.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudConfigTest {

    @Test
    void offWithoutAnyAwsVariable() {
        assertThat(CloudConfig.fromEnv(new Env(Map.of("STICKYIP_CLUSTER_NAME", "prod", "AWS_REGION", "eu-west-1"))))
                .isEmpty();
    }

    @Test
    void onWithAnAwsVariableAndTheClusterName() {
        CloudConfig c = CloudConfig.fromEnv(new Env(
                        Map.of("STICKYIP_AWS_ENDPOINT", "http://127.0.0.1:5000", "STICKYIP_CLUSTER_NAME", "prod-1")))
                .orElseThrow();
        assertThat(c.cluster()).isEqualTo("prod-1");
        assertThat(c.aws().endpoint()).contains(URI.create("http://127.0.0.1:5000"));
        assertThat(CloudConfig.fromEnv(new Env(Map.of("STICKYIP_AWS_REGION", "eu-west-1")))
                        .orElseThrow()
                        .cluster())
                .isEqualTo(CloudConfig.DEFAULT_CLUSTER);
    }

    @Test
    void aBadValueNamesTheVariable() {
        assertThatThrownBy(() -> CloudConfig.fromEnv(new Env(Map.of("STICKYIP_AWS_ENDPOINT", "ftp://x"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("STICKYIP_AWS_ENDPOINT=ftp://x");
        assertThatThrownBy(() -> CloudConfig.fromEnv(
                        new Env(Map.of("STICKYIP_AWS_REGION", "eu-west-1", "STICKYIP_CLUSTER_NAME", "a b"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("STICKYIP_CLUSTER_NAME");
    }
}
