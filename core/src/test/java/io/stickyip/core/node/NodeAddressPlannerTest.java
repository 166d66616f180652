package io.stickyip.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.cloud.aws.AddressOrder;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.core.provider.NodeCandidate;
import io.stickyip.core.provider.RoutedAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeAddressPlannerTest {

    static final ElasticIp E1 = free("eipalloc-1", "203.0.113.1", Map.of());
    static final ElasticIp E2 = free("eipalloc-2", "203.0.113.2", Map.of());
    static final ElasticIp E3 = free("eipalloc-3", "203.0.113.3", Map.of(Tags.LAST_NODE, "node-c"));
    static final ElasticIp BUSY = at("eipalloc-0", new Binding("eni-x", "10.0.0.9"), Map.of());

    static ElasticIp free(String id, String ip, Map<String, String> tags) {
        return new ElasticIp(id, ip, "vpc", "amazon", null, tags);
    }

    static ElasticIp at(String id, Binding b, Map<String, String> tags) {
        return new ElasticIp(
                id,
                "203.0.113.9",
                "vpc",
                "amazon",
                new ElasticIp.Association("eipassoc-1", b.networkInterfaceId(), b.privateIp(), "i-1", "123456789012"),
                tags);
    }

    static List<String> pairs(NodeAddressPlan<?> plan) {
        return plan.assignments().stream()
                .map(a -> a.node() + "=" + a.address().id() + ":" + a.why())
                .toList();
    }

    @Test
    void theSameNodesGetTheSameAddressesWhateverOrderTheyArriveIn() {
        NodeAddressPlan<ElasticIp> one = NodeAddressPlanner.plan(
                List.of(E2, E1),
                AddressOrder.DEFAULT,
                List.of("node-b", "node-a"),
                Set.of("node-a", "node-b"),
                Map.of(),
                Map.of());
        NodeAddressPlan<ElasticIp> two = NodeAddressPlanner.plan(
                List.of(E1, E2),
                AddressOrder.DEFAULT,
                List.of("node-a", "node-b"),
                Set.of("node-a", "node-b"),
                Map.of(),
                Map.of());

        assertThat(pairs(one))
                .containsExactly("node-a=eipalloc-1:NEXT_FREE", "node-b=eipalloc-2:NEXT_FREE")
                .isEqualTo(pairs(two));
    }

    @Test
    void aNodeKeepsItsAddressAndANodeRecreatedUnderItsNameGetsItsOldOneBack() {
        NodeAddressPlan<ElasticIp> plan = NodeAddressPlanner.plan(
                List.of(E1, E2, E3),
                AddressOrder.DEFAULT,
                List.of("node-a", "node-b", "node-c"),
                Set.of("node-a", "node-b", "node-c"),
                Map.of("eipalloc-2", "node-b"),
                Map.of("node-b", "eipalloc-2"));

        assertThat(pairs(plan))
                .containsExactly(
                        "node-b=eipalloc-2:KEPT", "node-a=eipalloc-1:NEXT_FREE", "node-c=eipalloc-3:PREFERRED");
        assertThat(plan.newAssignments()).hasSize(2);
    }

    @Test
    void addressesAssociatedOrReservedElsewhereAreNotFreeAndNodesWaitWhenNoneIs() {
        NodeAddressPlan<ElasticIp> plan = NodeAddressPlanner.plan(
                List.of(BUSY, E1),
                AddressOrder.DEFAULT,
                List.of("node-a", "node-b"),
                Set.of("node-a", "node-b"),
                Map.of("eipalloc-1", "deployment/shop/web"),
                Map.of());

        assertThat(plan.assignments()).isEmpty();
        assertThat(plan.waiting()).containsExactly("node-a", "node-b");
        assertThat(plan.free()).isZero();
    }

    @Test
    void aGoneNodesAddressIsReleasedAndHandedOnOnlyInTheNextPassWhileALiveUnselectedNodeKeepsIts() {
        NodeAddressPlan<ElasticIp> plan = NodeAddressPlanner.plan(
                List.of(E1, E2),
                AddressOrder.DEFAULT,
                List.of("node-new"),
                Set.of("node-new", "node-unselected"),
                Map.of("eipalloc-1", "node-gone", "eipalloc-2", "node-unselected"),
                Map.of("node-gone", "eipalloc-1", "node-unselected", "eipalloc-2"));

        assertThat(plan.releases()).containsExactly(new NodeAddressPlan.Release("node-gone", "eipalloc-1"));
        assertThat(pairs(plan)).containsExactly("node-unselected=eipalloc-2:KEPT");
        assertThat(plan.waiting()).containsExactly("node-new");

        NodeAddressPlan<ElasticIp> next = NodeAddressPlanner.plan(
                List.of(E1, E2),
                AddressOrder.DEFAULT,
                List.of("node-new"),
                Set.of("node-new", "node-unselected"),
                Map.of("eipalloc-2", "node-unselected"),
                Map.of("node-unselected", "eipalloc-2"));
        assertThat(pairs(next)).containsExactly("node-unselected=eipalloc-2:KEPT", "node-new=eipalloc-1:NEXT_FREE");
    }

    @Test
    void aRoutedAddressIsStoredAsStaticDashItsAddressNeverBoundAndRemembersNoNode() {
        RoutedAddress a = new RoutedAddress("192.0.2.10");

        assertThat(a.id()).isEqualTo("static-192.0.2.10");
        assertThat(a.address()).isEqualTo("192.0.2.10");
        assertThat(a.boundElsewhere()).isFalse();
        assertThat(a.lastNode()).isEmpty();
    }

    @Test
    void anElasticIpIsACandidateByItsAllocationIdPublicIpAssociationAndLastNodeTag() {
        assertThat(E3.id()).isEqualTo("eipalloc-3");
        assertThat(E3.address()).isEqualTo("203.0.113.3");
        assertThat(E3.boundElsewhere()).isFalse();
        assertThat(E3.lastNode()).contains("node-c");
        assertThat(BUSY.boundElsewhere()).isTrue();
        assertThat(E1.lastNode()).isEmpty();
    }

    @Test
    void routedAddressesGoInTheOrderOfTheirStoredIdsAsTextAndAGoneNodesIsReleasedByItsId() {
        List<RoutedAddress> pool = List.of(
                new RoutedAddress("192.0.2.9"), new RoutedAddress("192.0.2.10"), new RoutedAddress("192.0.2.11"));
        NodeAddressPlan<RoutedAddress> plan = NodeAddressPlanner.plan(
                pool,
                NodeCandidate.BY_ID,
                List.of("metal-b", "metal-a"),
                Set.of("metal-a", "metal-b"),
                Map.of("static-192.0.2.9", "metal-gone"),
                Map.of("metal-gone", "static-192.0.2.9"));

        assertThat(pairs(plan))
                .containsExactly("metal-a=static-192.0.2.10:NEXT_FREE", "metal-b=static-192.0.2.11:NEXT_FREE");
        assertThat(plan.releases()).containsExactly(new NodeAddressPlan.Release("metal-gone", "static-192.0.2.9"));
        assertThat(plan.free()).isZero();
    }

    @Test
    void theDefaultOrderOfElasticIpsIsTheOrderById() {
        List<ElasticIp> pool = List.of(E3, free("eipalloc-10", "203.0.113.10", Map.of()), E1, E2);

        assertThat(pool.stream().sorted(AddressOrder.DEFAULT).toList())
                .isEqualTo(pool.stream().sorted(NodeCandidate.BY_ID).toList())
                .extracting(ElasticIp::allocationId)
                .containsExactly("eipalloc-1", "eipalloc-10", "eipalloc-2", "eipalloc-3");
    }
}
