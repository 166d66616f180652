package io.stickyip.core.cloud.aws;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NodeAddressPlannerTest {

    static final ElasticIp E1 = Eips.free("eipalloc-1", "203.0.113.1", Map.of());
    static final ElasticIp E2 = Eips.free("eipalloc-2", "203.0.113.2", Map.of());
    static final ElasticIp E3 = Eips.free("eipalloc-3", "203.0.113.3", Map.of(Tags.LAST_NODE, "node-c"));
    static final ElasticIp BUSY = Eips.at("eipalloc-0", new Binding("eni-x", "10.0.0.9"), Map.of());

    static List<String> pairs(NodeAddressPlan plan) {
        return plan.assignments().stream().map(a -> a.node() + "=" + a.address().allocationId() + ":" + a.why()).toList();
    }

    @Test
    void theSameNodesGetTheSameAddressesWhateverOrderTheyArriveIn() {
        NodeAddressPlan one = NodeAddressPlanner.plan(List.of(E2, E1), AddressOrder.DEFAULT, List.of("node-b", "node-a"),
                Set.of("node-a", "node-b"), Map.of(), Map.of());
        NodeAddressPlan two = NodeAddressPlanner.plan(List.of(E1, E2), AddressOrder.DEFAULT, List.of("node-a", "node-b"),
                Set.of("node-a", "node-b"), Map.of(), Map.of());

        assertThat(pairs(one)).containsExactly("node-a=eipalloc-1:NEXT_FREE", "node-b=eipalloc-2:NEXT_FREE").isEqualTo(pairs(two));
    }

    @Test
    void aNodeKeepsItsAddressAndANodeRecreatedUnderItsNameGetsItsOldOneBack() {
        NodeAddressPlan plan = NodeAddressPlanner.plan(List.of(E1, E2, E3), AddressOrder.DEFAULT,
                List.of("node-a", "node-b", "node-c"), Set.of("node-a", "node-b", "node-c"),
                Map.of("eipalloc-2", "node-b"), Map.of("node-b", "eipalloc-2"));

        assertThat(pairs(plan)).containsExactly("node-b=eipalloc-2:KEPT", "node-a=eipalloc-1:NEXT_FREE",
                "node-c=eipalloc-3:PREFERRED");
        assertThat(plan.newAssignments()).hasSize(2);
    }

    @Test
    void addressesAssociatedOrReservedElsewhereAreNotFreeAndNodesWaitWhenNoneIs() {
        NodeAddressPlan plan = NodeAddressPlanner.plan(List.of(BUSY, E1), AddressOrder.DEFAULT, List.of("node-a", "node-b"),
                Set.of("node-a", "node-b"), Map.of("eipalloc-1", "deployment/shop/web"), Map.of());

        assertThat(plan.assignments()).isEmpty();
        assertThat(plan.waiting()).containsExactly("node-a", "node-b");
        assertThat(plan.free()).isZero();
    }

    @Test
    void aGoneNodesAddressIsReleasedAndHandedOnOnlyInTheNextPassWhileALiveUnselectedNodeKeepsIts() {
        NodeAddressPlan plan = NodeAddressPlanner.plan(List.of(E1, E2), AddressOrder.DEFAULT, List.of("node-new"),
                Set.of("node-new", "node-unselected"),
                Map.of("eipalloc-1", "node-gone", "eipalloc-2", "node-unselected"),
                Map.of("node-gone", "eipalloc-1", "node-unselected", "eipalloc-2"));

        assertThat(plan.releases()).containsExactly(new NodeAddressPlan.Release("node-gone", "eipalloc-1"));
        assertThat(pairs(plan)).containsExactly("node-unselected=eipalloc-2:KEPT");
        assertThat(plan.waiting()).containsExactly("node-new");

        NodeAddressPlan next = NodeAddressPlanner.plan(List.of(E1, E2), AddressOrder.DEFAULT, List.of("node-new"),
                Set.of("node-new", "node-unselected"), Map.of("eipalloc-2", "node-unselected"), Map.of("node-unselected", "eipalloc-2"));
        assertThat(pairs(next)).containsExactly("node-unselected=eipalloc-2:KEPT", "node-new=eipalloc-1:NEXT_FREE");
    }
}
