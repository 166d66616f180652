package io.stickyip.extender.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AgentIndexTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    final AgentIndex index = new AgentIndex();

    static Lease lease(String node, int free, String... attached) {
        return AgentLeases.toLease(
                "stickyip-system",
                new AgentReport(node, "agent", T0, Duration.ofSeconds(40), free, new TreeSet<>(List.of(attached))));
    }

    @Test
    void knowsEachNodesReportAndWhoHoldsWhat() {
        index.onAdd(lease("w1", 3, "192.0.2.10"));
        index.onAdd(lease("w2", 5));

        assertThat(index.get("w1"))
                .hasValueSatisfying(
                        r -> assertThat(((AgentLeases.Read.Ok) r).report().freeAddresses())
                                .isEqualTo(3));
        assertThat(index.holders("192.0.2.10")).containsExactly("w1");
        assertThat(index.attachedTo("w1")).containsExactly("192.0.2.10");
        assertThat(index.attachedTo("w2")).isEmpty();
        assertThat(index.get("w3")).isEmpty();
    }

    @Test
    void followsAnAddressFromNodeToNode() {
        Lease w1 = lease("w1", 3, "192.0.2.10");
        index.onAdd(w1);
        index.onAdd(lease("w2", 3));
        Lease w1Released = lease("w1", 4);
        index.onUpdate(w1, w1Released);
        index.onUpdate(lease("w2", 3), lease("w2", 2, "192.0.2.10"));

        assertThat(index.holders("192.0.2.10")).containsExactly("w2");
    }

    @Test
    void seesBothHoldersWhileTwoNodesReportTheAddress() {
        index.onAdd(lease("w1", 3, "192.0.2.10"));
        index.onAdd(lease("w2", 3, "192.0.2.10"));

        assertThat(index.holders("192.0.2.10")).containsExactlyInAnyOrder("w1", "w2");
    }

    @Test
    void keepsTheAddressesAnUpdateStillReports() {
        Lease before = lease("w1", 3, "192.0.2.10", "192.0.2.11");
        index.onAdd(before);
        index.onUpdate(before, lease("w1", 4, "192.0.2.10"));

        assertThat(index.holders("192.0.2.10")).containsExactly("w1");
        assertThat(index.holders("192.0.2.11")).isEmpty();
    }

    @Test
    void forgetsADeletedLease() {
        Lease w1 = lease("w1", 3, "192.0.2.10");
        index.onAdd(w1);
        index.onDelete(w1, false);

        assertThat(index.get("w1")).isEmpty();
        assertThat(index.holders("192.0.2.10")).isEmpty();
    }

    @Test
    void keepsAnUnreadableLeaseAsSuch() {
        Lease bad = lease("w1", 3, "192.0.2.10");
        bad.getMetadata().getAnnotations().put(AgentLeases.FREE_ADDRESSES, "lots");
        index.onAdd(bad);

        assertThat(index.get("w1"))
                .hasValueSatisfying(r -> assertThat(r).isInstanceOf(AgentLeases.Read.Unreadable.class));
        assertThat(index.holders("192.0.2.10")).isEmpty();
    }

    @Test
    void aLeaseRenamingItsNodeLeavesTheOldNodeWithout() {
        Lease before = lease("w1", 3, "192.0.2.10");
        Lease after = lease("w1", 3, "192.0.2.10");
        after.getMetadata().getAnnotations().put(AgentLeases.NODE, "w9");
        index.onAdd(before);
        index.onUpdate(before, after);

        assertThat(index.get("w1")).isEmpty();
        assertThat(index.get("w9")).isPresent();
        assertThat(index.holders("192.0.2.10")).containsExactly("w9");
    }
}
