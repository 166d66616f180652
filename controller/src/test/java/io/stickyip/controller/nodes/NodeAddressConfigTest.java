package io.stickyip.controller.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAddressConfigTest {

    @Test
    void offUnlessEnabled() {
        assertThat(NodeAddressConfig.fromEnv(new Env(Map.of()))).isEmpty();
        assertThat(NodeAddressConfig.fromEnv(
                        new Env(Map.of("STICKYIP_NODE_ADDRESSES", "false", "STICKYIP_AWS_ENDPOINT", "nope"))))
                .isEmpty();
    }

    @Test
    void defaultsAndOverrides() {
        NodeAddressConfig d = NodeAddressConfig.fromEnv(new Env(Map.of("STICKYIP_NODE_ADDRESSES", "true")))
                .orElseThrow();
        assertThat(d.cluster()).isEqualTo("stickyip");
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.aws().endpoint()).isEmpty();

        NodeAddressConfig c = NodeAddressConfig.fromEnv(new Env(Map.of(
                        "STICKYIP_NODE_ADDRESSES",
                        "yes",
                        "STICKYIP_CLUSTER_NAME",
                        "prod-eu.1",
                        "STICKYIP_NODE_ADDRESS_INTERVAL",
                        "5s",
                        "STICKYIP_AWS_REGION",
                        "eu-west-1",
                        "STICKYIP_AWS_ENDPOINT",
                        "http://127.0.0.1:5000")))
                .orElseThrow();
        assertThat(c.cluster()).isEqualTo("prod-eu.1");
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.aws().region()).contains("eu-west-1");
        assertThat(c.aws().endpoint()).contains(URI.create("http://127.0.0.1:5000"));
    }

    @Test
    void badValuesNameTheVariableAndTheValue() {
        assertThatThrownBy(() -> NodeAddressConfig.fromEnv(new Env(Map.of("STICKYIP_NODE_ADDRESSES", "maybe"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("STICKYIP_NODE_ADDRESSES: maybe is not true or false");
        assertThatThrownBy(() -> NodeAddressConfig.fromEnv(
                        new Env(Map.of("STICKYIP_NODE_ADDRESSES", "true", "STICKYIP_CLUSTER_NAME", "my cluster"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_CLUSTER_NAME: my cluster is not a cluster name");
        assertThatThrownBy(() -> NodeAddressConfig.fromEnv(
                        new Env(Map.of("STICKYIP_NODE_ADDRESSES", "true", "STICKYIP_NODE_ADDRESS_INTERVAL", "0"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("STICKYIP_NODE_ADDRESS_INTERVAL: 0 must be positive");
        assertThatThrownBy(() -> NodeAddressConfig.fromEnv(
                        new Env(Map.of("STICKYIP_NODE_ADDRESSES", "true", "STICKYIP_AWS_ENDPOINT", "ftp://x"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("STICKYIP_AWS_ENDPOINT=ftp://x is not an http(s)://host[:port] URL");
    }
}
