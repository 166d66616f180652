package io.stickyip.agent.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.agent.TestAgentEnv;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandInConfigTest {

    @Test
    void servesKwokNodesWithoutANodeNameAndReadsTheAgentsSettings() {
        StandInConfig c = StandInConfig.fromEnv(TestAgentEnv.of(Map.of("STICKYIP_HEARTBEAT_INTERVAL", "3s")));

        assertThat(c.label()).isEqualTo(Map.entry("type", "kwok"));
        assertThat(c.agent().node()).isEmpty();
        assertThat(c.agent().heartbeat()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.describe())
                .containsEntry("standInNodes", "type=kwok")
                .doesNotContainKeys("node", "criSocket", "lanInterface");
    }

    @Test
    void refusesASelectorThatIsNotOneLabel() {
        assertThatThrownBy(
                        () -> StandInConfig.fromEnv(TestAgentEnv.of(Map.of("STICKYIP_STANDIN_NODE_SELECTOR", "type"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_STANDIN_NODE_SELECTOR: type is not one label key=value");
    }

    @Test
    void checksPodsAsTheNodeAgentDoesSoNeedsTheSealKeys() {
        assertThatThrownBy(() -> StandInConfig.fromEnv(new Env(Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_SEAL_PUBLIC_KEYS: (none) is required");
    }
}
