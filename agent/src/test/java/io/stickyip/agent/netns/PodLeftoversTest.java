package io.stickyip.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.plumbing.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodLeftoversTest {
    @Test
    void removesStickyipLinksAndTheRulesInItsPriorityBandOnly() {
        NetnsState s = new NetnsState(
                List.of(
                        new NetnsState.Link("lo", "", "00:00:00:00:00:00", true),
                        new NetnsState.Link("eth0", "veth", "aa:bb:cc:dd:ee:01", true),
                        new NetnsState.Link("sip0", "macvlan", "aa:bb:cc:dd:ee:02", true)),
                List.of(),
                List.of(),
                List.of(
                        new NetnsState.Rule(Family.V4, 0, null, null, "local"),
                        new NetnsState.Rule(Family.V4, 1000, null, "10.244.0.0/16", "main"),
                        new NetnsState.Rule(Family.V4, 1020, "198.51.100.10/32", null, "100"),
                        new NetnsState.Rule(Family.V6, 1030, null, null, "100"),
                        new NetnsState.Rule(Family.V4, 32766, null, null, "main")),
                List.of(),
                List.of());
        assertThat(PodLeftovers.commands(s))
                .containsExactly(
                        List.of("ip", "link", "del", "sip0"),
                        List.of("ip", "-4", "rule", "del", "priority", "1000", "to", "10.244.0.0/16", "lookup", "main"),
                        List.of(
                                "ip",
                                "-4",
                                "rule",
                                "del",
                                "priority",
                                "1020",
                                "from",
                                "198.51.100.10/32",
                                "lookup",
                                "100"),
                        List.of("ip", "-6", "rule", "del", "priority", "1030", "lookup", "100"));
    }
}
