package io.stickyip.agent.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.agent.TestAgentEnv;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** When the crashing agent halts (the halt replaced by a recorder here). */
class HaltingStepsTest {
    final List<Integer> halted = new ArrayList<>();

    @Test
    void haltsAfterTheKthStepOnce() {
        HaltingSteps steps = new HaltingSteps(3, CrashConfig.EVERY_STEP, halted::add);

        List.of("lease write", "ip link add link eth0 name sip0 type macvlan", "condition", "lease write")
                .forEach(steps::done);

        assertThat(halted).containsExactly(3);
    }

    @Test
    void countsOnlyTheStepsThatMatch() {
        HaltingSteps steps = new HaltingSteps(2, Pattern.compile("^(ip|nsenter|sysctl) "), halted::add);

        steps.done("lease write");
        steps.done("ip link add link eth0 name sip0 type macvlan");
        steps.done("lease write");
        steps.done("condition");
        assertThat(halted).as("one command so far").isEmpty();

        steps.done("nsenter --net=/run/netns/cni-1 ip addr add 192.0.2.50/24 dev sip0 noprefixroute");
        assertThat(halted).containsExactly(2);
    }

    @Test
    void readsItsSettingsAndRefusesBadOnes() {
        CrashConfig c = CrashConfig.fromEnv(new Env(
                Map.of("STICKYIP_AGENT_CRASH_AFTER_STEPS", "7", "STICKYIP_AGENT_CRASH_STEPS_MATCHING", "^ip\\s")));
        assertThat(c.after()).isEqualTo(7);
        assertThat(c.counted().pattern()).isEqualTo("^ip\\s");
        assertThat(CrashConfig.fromEnv(new Env(Map.of("STICKYIP_AGENT_CRASH_AFTER_STEPS", "1")))
                        .counted())
                .isSameAs(CrashConfig.EVERY_STEP);

        assertThatThrownBy(() -> CrashConfig.fromEnv(TestAgentEnv.of(Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_AGENT_CRASH_AFTER_STEPS: (none) is required");
        assertThatThrownBy(() -> CrashConfig.fromEnv(new Env(Map.of("STICKYIP_AGENT_CRASH_AFTER_STEPS", "0"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_AGENT_CRASH_AFTER_STEPS: 0 is not between 1");
        assertThatThrownBy(() -> CrashConfig.fromEnv(new Env(Map.of(
                        "STICKYIP_AGENT_CRASH_AFTER_STEPS", "2", "STICKYIP_AGENT_CRASH_STEPS_MATCHING", "ip ("))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_AGENT_CRASH_STEPS_MATCHING: ip ( is not a regular expression");
    }
}
