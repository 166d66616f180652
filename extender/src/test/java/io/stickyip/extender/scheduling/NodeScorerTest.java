package io.stickyip.extender.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.extender.wire.HostPriority;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeScorerTest {
    final NodeScorer scorer = new NodeScorer();

    static MapView cluster() {
        return new MapView()
                .pool(NodeFilterTest.dbEu())
                .node("w1", "a")
                .node("w2", "a")
                .node("w3", "b")
                .node("w4", (String) null)
                .agents(5, "w2", "w3", "w4");
    }

    @Test
    void prefersTheNodeHoldingTheAddressThenItsZone() {
        MapView view = cluster().agent("w1", 5, "192.0.2.10");

        assertThat(scorer.score(NodeFilterTest.db0("192.0.2.10"), List.of("w1", "w2", "w3", "w4"), view))
                .containsExactly(
                        new HostPriority("w1", 10),
                        new HostPriority("w2", 5),
                        new HostPriority("w3", 0),
                        new HostPriority("w4", 0));
    }

    @Test
    void scoresEveryNodeAlikeWhenNoNodeHoldsTheAddress() {
        assertThat(scorer.score(NodeFilterTest.db0("192.0.2.10"), List.of("w1", "w2", "w3"), cluster()))
                .extracting(HostPriority::score)
                .containsOnly(0L);
    }

    @Test
    void aHolderWithoutZoneGivesNoZoneBonus() {
        MapView view = cluster().agent("w4", 5, "192.0.2.10");

        assertThat(scorer.score(NodeFilterTest.db0("192.0.2.10"), List.of("w1", "w4"), view))
                .containsExactly(new HostPriority("w1", 0), new HostPriority("w4", 10));
    }

    @Test
    void scoresNodesTheCacheDoesNotKnowLowest() {
        MapView view = cluster().agent("w1", 5, "192.0.2.10");

        assertThat(scorer.score(NodeFilterTest.db0("192.0.2.10"), List.of("gone", "w2"), view))
                .containsExactly(new HostPriority("gone", 0), new HostPriority("w2", 5));
    }

    @Test
    void anyOfSeveralAddressesMakesAHolder() {
        MapView view = cluster().agent("w3", 5, "192.0.2.11");

        assertThat(scorer.score(NodeFilterTest.db0("192.0.2.10", "192.0.2.11"), List.of("w1", "w3"), view))
                .containsExactly(new HostPriority("w1", 0), new HostPriority("w3", 10));
    }
}
