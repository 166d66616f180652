package io.stickyip.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigTest {

    @Test
    void aNodeAgentNeedsOnlyItsNodeNameAndDefaultsTheRest() {
        AgentConfig c = AgentConfig.fromEnv(TestAgentEnv.of(Map.of("STICKYIP_NODE_NAME", "w1")));
        assertThat(c.node()).isEqualTo("w1");
        assertThat(c.leaseNamespace()).isEqualTo("stickyip-system");
        assertThat(c.criSocket()).isEqualTo(Path.of("/run/containerd/containerd.sock"));
        assertThat(c.keepOnEth0()).containsExactly(IpPrefix.parse("10.244.0.0/16"), IpPrefix.parse("10.96.0.0/12"));
        assertThat(c.fence().lease()).isEqualTo(Duration.ofSeconds(40));
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.server().port()).isEqualTo(AgentConfig.DEFAULT_PORT);
    }

    @Test
    void readsEverySetting() {
        AgentConfig c = AgentConfig.fromEnv(TestAgentEnv.of(Map.ofEntries(
                Map.entry("NODE_NAME", "w2"),
                Map.entry("STICKYIP_CRI_SOCKET", "unix:///var/run/crio/crio.sock"),
                Map.entry("STICKYIP_LAN_INTERFACE", "bond0"),
                Map.entry("STICKYIP_POD_CIDRS", "10.245.0.0/16,fd00:245::/64"),
                Map.entry("STICKYIP_SERVICE_CIDRS", "10.97.0.0/16"),
                Map.entry("STICKYIP_FENCE_LEASE", "12s"),
                Map.entry("STICKYIP_FENCE_SAFETY", "4s"),
                Map.entry("STICKYIP_FENCE_MARGIN", "3s"),
                Map.entry("STICKYIP_HEARTBEAT_INTERVAL", "3s"),
                Map.entry("STICKYIP_NODE_CAPACITY", "5"),
                Map.entry("STICKYIP_AGENT_LEASE_NAMESPACE", "ops"))));
        assertThat(c.node()).isEqualTo("w2");
        assertThat(c.criSocket()).isEqualTo(Path.of("/var/run/crio/crio.sock"));
        assertThat(c.lanInterface()).isEqualTo("bond0");
        assertThat(c.keepOnEth0())
                .extracting(IpPrefix::toString)
                .containsExactly("10.245.0.0/16", "fd00:245::/64", "10.97.0.0/16");
        assertThat(c.fence().renewEvery()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.capacity()).isEqualTo(5);
        assertThat(c.leaseNamespace()).isEqualTo("ops");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                arguments(Map.of(), "STICKYIP_NODE_NAME: (none) is required"),
                arguments(
                        Map.of("STICKYIP_NODE_NAME", "w1", "STICKYIP_CRI_SOCKET", "containerd.sock"),
                        "STICKYIP_CRI_SOCKET: containerd.sock is not a unix socket path"),
                arguments(
                        Map.of("STICKYIP_NODE_NAME", "w1", "STICKYIP_POD_CIDRS", "10.244.0.1/16"),
                        "STICKYIP_POD_CIDRS: 10.244.0.1/16 is not a CIDR without host bits"),
                arguments(
                        Map.of("STICKYIP_NODE_NAME", "w1", "STICKYIP_SERVICE_CIDRS", "services"),
                        "STICKYIP_SERVICE_CIDRS: services is not a CIDR"),
                arguments(
                        Map.of("STICKYIP_NODE_NAME", "w1", "STICKYIP_FENCE_SAFETY", "25s"),
                        "STICKYIP_FENCE_SAFETY: 25s must be below half of STICKYIP_FENCE_LEASE (40s)"),
                arguments(
                        Map.of("STICKYIP_NODE_NAME", "w1", "STICKYIP_FENCE_LEASE", "1500ms"),
                        "STICKYIP_FENCE_LEASE: 1500ms must be whole seconds"),
                arguments(
                        Map.of("STICKYIP_NODE_NAME", "w1", "STICKYIP_HEARTBEAT_INTERVAL", "30s"),
                        "STICKYIP_HEARTBEAT_INTERVAL: 30s must be positive and at most half"));
    }

    @Test
    void trustsTheWebhooksPublicKeysAndNeedsThem() {
        AgentConfig c = AgentConfig.fromEnv(TestAgentEnv.of(Map.of("STICKYIP_NODE_NAME", "w1")));

        assertThat(c.seal().keys().ids()).containsExactly(io.stickyip.core.contract.TestSeals.KEY.keyId());
        assertThatThrownBy(() -> AgentConfig.fromEnv(new Env(Map.of("STICKYIP_NODE_NAME", "w1"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_SEAL_PUBLIC_KEYS: (none) is required");
    }

    @ParameterizedTest(name = "refuses {1}")
    @MethodSource("badSettings")
    void refusesABadSettingNamingItsVariableValueAndRule(Map<String, String> env, String message) {
        assertThatThrownBy(() -> AgentConfig.fromEnv(TestAgentEnv.of(env)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(message);
    }
}
