package io.stickyip.controller.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.AddressOrder;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.core.provider.RoutedAddress;
import io.stickyip.store.nodes.NodeAddressReservation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodePoolPassTest {
    static final String CLUSTER = "c1";
    static final NodePoolPass.AwsPool POOL = pool("public", Map.of("role", "edge"));
    static final ElasticIp E1 = free("eipalloc-1", "203.0.113.1");
    static final ElasticIp E2 = free("eipalloc-2", "203.0.113.2");
    static final Binding ENI_A = new Binding("eni-a", "10.0.0.1");

    static NodePoolPass.AwsPool pool(String name, Map<String, String> selector) {
        try {
            return new NodePoolPass.AwsPool(
                    name,
                    selector,
                    AddressFilter.parse("f", "Name=tag:kubeip,Values=reserved"),
                    AddressOrder.DEFAULT,
                    Optional.of("example.com/no-ip"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ElasticIp free(String id, String ip) {
        return new ElasticIp(id, ip, "vpc", "amazon", null, Map.of());
    }

    static ElasticIp ours(String id, String ip, String pool, String node, Binding at) {
        return new ElasticIp(
                id,
                ip,
                "vpc",
                "amazon",
                new ElasticIp.Association(
                        "eipassoc-" + id, at.networkInterfaceId(), at.privateIp(), "i-1", "123456789012"),
                Map.of(Tags.CLUSTER, CLUSTER, Tags.POOL, pool, Tags.NODE, node, Tags.BINDING, at.tagValue()));
    }

    static NodeFacts node(String name, Map<String, String> labels, String annotated, Set<String> taints) {
        return new NodeFacts(
                name, labels, Optional.of("i-0000000" + name.length()), Optional.ofNullable(annotated), taints);
    }

    static Map<String, NodeFacts> nodes(NodeFacts... nodes) {
        Map<String, NodeFacts> m = new LinkedHashMap<>();
        for (NodeFacts n : nodes) {
            m.put(n.name(), n);
        }
        return m;
    }

    static NodeAddressReservation.Stored stored(String pool, String node, ElasticIp eip) {
        return new NodeAddressReservation.Stored(
                new NodeAddressReservation(pool, node, eip.allocationId(), eip.publicIp()), 7);
    }

    static List<String> work(NodePoolPass.Decision<ElasticIp> d) {
        return d.work().stream()
                .map(w -> w.node().name() + "=" + w.address().allocationId() + (w.reserve() ? ":reserve" : "")
                        + (w.upToDate() ? ":live" : ""))
                .toList();
    }

    static final Map<String, String> EDGE = Map.of("role", "edge");

    @Test
    void selectedNodesWithAnInstanceGetTheAddressesInOrderAndTheOthersNothing() {
        Map<String, NodeFacts> all = nodes(
                node("b", EDGE, null, Set.of()),
                node("a", EDGE, null, Set.of()),
                node("other", Map.of("role", "db"), null, Set.of()),
                new NodeFacts("kwok-no-instance", EDGE, Optional.empty(), Optional.empty(), Set.of()));

        NodePoolPass.Decision<ElasticIp> d =
                NodePoolPass.decide(CLUSTER, POOL, List.of(E2, E1), all, List.of(), Set.of());

        assertThat(work(d)).containsExactly("a=eipalloc-1:reserve", "b=eipalloc-2:reserve");
        assertThat(d.served()).containsExactlyInAnyOrder("a", "b");
        assertThat(d.waiting()).isEmpty();
    }

    @Test
    void aKeptAddressThatIsLiveAndShownOnTheNodeNeedsNoCallButOneMissingItsAnnotationOrWithTheTaintDoes() {
        ElasticIp live = ours("eipalloc-1", "203.0.113.1", "public", "a", ENI_A);
        Map<String, String> labelled = Map.of("role", "edge", NodeWriter.POOL_LABEL, "public");
        List<NodeAddressReservation.Stored> held = List.of(stored("public", "a", live));

        assertThat(work(NodePoolPass.decide(
                        CLUSTER,
                        POOL,
                        List.of(live),
                        nodes(node("a", labelled, "203.0.113.1", Set.of())),
                        held,
                        Set.of())))
                .containsExactly("a=eipalloc-1:live");
        assertThat(work(NodePoolPass.decide(
                        CLUSTER, POOL, List.of(live), nodes(node("a", EDGE, null, Set.of())), held, Set.of())))
                .containsExactly("a=eipalloc-1");
        assertThat(work(NodePoolPass.decide(
                        CLUSTER,
                        POOL,
                        List.of(live),
                        nodes(node("a", labelled, "203.0.113.1", Set.of("example.com/no-ip"))),
                        held,
                        Set.of())))
                .containsExactly("a=eipalloc-1");
        assertThat(work(NodePoolPass.decide(
                        CLUSTER,
                        POOL,
                        List.of(free("eipalloc-1", "203.0.113.1")),
                        nodes(node("a", labelled, "203.0.113.1", Set.of())),
                        held,
                        Set.of())))
                .as("reserved but not associated (killed after the reservation)")
                .containsExactly("a=eipalloc-1");
    }

    @Test
    void anAddressAssociatedByUsButReservedByNoOneIsAdoptedByItsNodeNotGivenToAnother() {
        ElasticIp lost = ours("eipalloc-2", "203.0.113.2", "public", "b", new Binding("eni-b", "10.0.0.2"));
        Map<String, NodeFacts> all = nodes(node("a", EDGE, null, Set.of()), node("b", EDGE, null, Set.of()));

        NodePoolPass.Decision<ElasticIp> d =
                NodePoolPass.decide(CLUSTER, POOL, List.of(E1, lost), all, List.of(), Set.of());

        assertThat(work(d)).containsExactly("b=eipalloc-2:reserve", "a=eipalloc-1:reserve");
    }

    @Test
    void anotherClustersOrPoolsOrAStaleBindingsAddressIsNotAdopted() {
        ElasticIp otherPool = ours("eipalloc-2", "203.0.113.2", "private", "b", ENI_A);
        ElasticIp rebound = new ElasticIp(
                "eipalloc-3",
                "203.0.113.3",
                "vpc",
                "amazon",
                new ElasticIp.Association("eipassoc-3", "eni-someone", "10.0.0.3", "i-9", "1"),
                Map.of(Tags.CLUSTER, CLUSTER, Tags.POOL, "public", Tags.NODE, "b", Tags.BINDING, ENI_A.tagValue()));

        NodePoolPass.Decision<ElasticIp> d = NodePoolPass.decide(
                CLUSTER,
                POOL,
                List.of(otherPool, rebound, E1),
                nodes(node("b", EDGE, null, Set.of())),
                List.of(),
                Set.of());

        assertThat(work(d)).containsExactly("b=eipalloc-1:reserve");
    }

    @Test
    void aGoneNodesReservationIsReleasedAndItsAddressNotHandedOnInTheSamePass() {
        List<NodeAddressReservation.Stored> held = List.of(stored("public", "gone", E1));

        NodePoolPass.Decision<ElasticIp> d = NodePoolPass.decide(
                CLUSTER, POOL, List.of(E1), nodes(node("new", EDGE, null, Set.of())), held, Set.of());

        assertThat(d.releases()).containsExactlyElementsOf(held);
        assertThat(d.work()).isEmpty();
        assertThat(d.waiting()).containsExactly("new");
    }

    @Test
    void aNodeServedByAnotherPoolOrHoldingAnotherPoolsAddressIsLeftToItButOneHoldingOursKeepsIt() {
        List<NodeAddressReservation.Stored> held = List.of(stored("public", "a", E1));
        Map<String, NodeFacts> all = nodes(node("a", EDGE, null, Set.of()), node("b", EDGE, null, Set.of()));

        NodePoolPass.Decision<ElasticIp> d =
                NodePoolPass.decide(CLUSTER, POOL, List.of(E1, E2), all, held, Set.of("a", "b"));

        assertThat(work(d)).containsExactly("a=eipalloc-1");
        assertThat(d.served()).containsExactly("a");
    }

    @Test
    void anAddressReservedByAnotherPoolIsNotFree() {
        List<NodeAddressReservation.Stored> held = List.of(stored("private", "x", E1));

        NodePoolPass.Decision<ElasticIp> d = NodePoolPass.decide(
                CLUSTER, POOL, List.of(E1, E2), nodes(node("a", EDGE, null, Set.of())), held, Set.of("x"));

        assertThat(work(d)).containsExactly("a=eipalloc-2:reserve");
    }

    static NodeFacts exited(String name, Map<String, String> labels) {
        return new NodeFacts(name, labels, Optional.of("i-0000000" + name.length()), Optional.empty(), Set.of(), true);
    }

    @Test
    void aNodeWhoseAgentExitedForGoodHasItsAddressReleasedAndGetsNoneWhileItsNodeStillExists() {
        List<NodeAddressReservation.Stored> held = List.of(stored("public", "a", E1));

        NodePoolPass.Decision<ElasticIp> d =
                NodePoolPass.decide(CLUSTER, POOL, List.of(E1, E2), nodes(exited("a", EDGE)), held, Set.of());

        assertThat(d.releases()).containsExactlyElementsOf(held);
        assertThat(d.work()).isEmpty();
        assertThat(d.waiting()).isEmpty();
    }

    @Test
    void withoutReleaseOnExitAnExitedAgentsNodeKeepsItsAddress() {
        NodePoolPass.AwsPool keep = new NodePoolPass.AwsPool(
                POOL.name(),
                POOL.pool().selector(),
                POOL.filter(),
                POOL.order(),
                POOL.pool().taintKey(),
                false);
        List<NodeAddressReservation.Stored> held = List.of(stored("public", "a", E1));

        NodePoolPass.Decision<ElasticIp> d =
                NodePoolPass.decide(CLUSTER, keep, List.of(E1, E2), nodes(exited("a", EDGE)), held, Set.of());

        assertThat(d.releases()).isEmpty();
        assertThat(work(d)).containsExactly("a=eipalloc-1");
    }

    @Test
    void anEipAPodPoolListsIsNeverANodePoolsCandidate() throws Exception {
        io.stickyip.core.pool.v1alpha1.IPPoolSpec spec = new io.stickyip.core.pool.v1alpha1.IPPoolSpec();
        spec.setRanges(List.of("203.0.113.2"));
        io.stickyip.core.pool.v1alpha1.IPPool pods = new io.stickyip.core.pool.v1alpha1.IPPool();
        pods.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("pod-eips")
                .build());
        pods.setSpec(spec);

        assertThat(NodeAddressController.notInPodPools(
                        List.of(E1, E2), List.of(io.stickyip.core.pool.CompiledPool.of(pods))))
                .containsExactly(E1);
    }

    @Test
    void aStaticPoolsNodesNeedNoInstanceTakeItsAddressesByStoredIdAndAreNeverLiveBeforeTheirAgentSaysSo()
            throws Exception {
        NodePoolPass.Pool routed = new NodePoolPass.Pool("routed", EDGE, Optional.of("example.com/no-ip"), true, false);
        List<RoutedAddress> candidates = StaticNodeSteps.candidates(
                io.stickyip.core.pool.CompiledPool.of(io.stickyip.core.testing.Pools.pool("routed", null, s -> {
                    s.setScope(io.stickyip.core.pool.v1alpha1.IPPoolSpec.Scope.Node);
                    s.setRanges(List.of("192.0.2.9-192.0.2.11"));
                })),
                3);
        Map<String, String> labelled = Map.of("role", "edge", NodeWriter.POOL_LABEL, "routed");
        NodeFacts shown = new NodeFacts("metal-a", labelled, Optional.empty(), Optional.of("192.0.2.10"), Set.of());
        NodeFacts fresh = new NodeFacts("metal-b", EDGE, Optional.empty(), Optional.empty(), Set.of());
        RoutedAddress held = new RoutedAddress("192.0.2.10");
        List<NodeAddressReservation.Stored> stored = List.of(new NodeAddressReservation.Stored(
                new NodeAddressReservation("routed", "metal-a", held.id(), held.address()), 3));

        NodePoolPass.Decision<RoutedAddress> d =
                NodePoolPass.decideRouted(routed, candidates, nodes(shown, fresh), stored, Set.of());

        assertThat(candidates)
                .extracting(RoutedAddress::id)
                .containsExactly("static-192.0.2.9", "static-192.0.2.10", "static-192.0.2.11");
        assertThat(d.work())
                .extracting(w -> w.node().name() + "=" + w.address().id() + (w.reserve() ? ":reserve" : "")
                        + (w.upToDate() ? ":live" : ""))
                .containsExactly("metal-a=static-192.0.2.10", "metal-b=static-192.0.2.11:reserve");
        assertThat(d.free()).isEqualTo(1);
    }
}
