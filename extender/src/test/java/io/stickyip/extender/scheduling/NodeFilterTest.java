package io.stickyip.extender.scheduling;

import static io.stickyip.core.testing.Pools.pool;
import static io.stickyip.extender.scheduling.MapView.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.pool.v1alpha1.IPPool;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeFilterTest {
    final NodeFilter filter = new NodeFilter("stickyip-system");

    static IPPool dbEu() {
        return pool("db-eu", "192.0.2.0/24", s -> {
            s.setZones(List.of("a"));
            s.setSubnets(List.of("10.250.0.0/16"));
        });
    }

    static PodClaims db0(String... addresses) {
        return new PodClaims(
                "shop/db-0",
                "uid-db-0",
                Stream.of(addresses).map(a -> new PodClaims.Claim(a, "db-eu")).toList());
    }

    static MapView view() {
        return new MapView().pool(dbEu()).node("w1", "a", "10.250.0.1");
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                arguments(
                        "passes a node in the pool's zone and subnet, agent alive, room left",
                        view().agent("w1", 1),
                        Verdict.PASS),
                arguments(
                        "refuses a node in another zone",
                        view().node("w1", "b", "10.250.0.1").agent("w1", 9),
                        fail(Verdict.Reason.ZONE, "stickyip: node w1 is in zone b, pool db-eu allows zone a")),
                arguments(
                        "refuses a node outside the subnets",
                        view().node("w1", "a", "10.1.0.1").agent("w1", 9),
                        fail(
                                Verdict.Reason.SUBNET,
                                "stickyip: node w1 has InternalIP 10.1.0.1, pool db-eu allows subnet 10.250.0.0/16")),
                arguments(
                        "refuses a node the selector leaves out",
                        view().pool(pool("db-eu", "192.0.2.0/24", s -> s.setNodeSelector(Map.of("disk", "ssd"))))
                                .agent("w1", 9),
                        fail(
                                Verdict.Reason.NODE_SELECTOR,
                                "stickyip: node w1 has no label disk, pool db-eu needs disk=ssd")),
                arguments(
                        "refuses a node the cache does not know",
                        new MapView().pool(dbEu()),
                        fail(Verdict.Reason.UNKNOWN_NODE, "stickyip: node w1 is not in the extender's node cache")),
                arguments(
                        "refuses a node without agent",
                        view(),
                        fail(
                                Verdict.Reason.NO_AGENT,
                                "stickyip: node w1 has no stickyip agent (no Lease stickyip-system/stickyip-node-w1)")),
                arguments(
                        "refuses a node whose agent Lease is unreadable",
                        with(
                                view(),
                                v -> v.agents.put(
                                        "w1",
                                        new AgentLeases.Read.Unreadable(
                                                "w1",
                                                "Lease stickyip-node-w1 stickyip.io/free-addresses: many is not a count"))),
                        fail(
                                Verdict.Reason.AGENT_UNREADABLE,
                                "stickyip: node w1's agent Lease stickyip-node-w1 stickyip.io/free-addresses: many is not a count")),
                arguments(
                        "refuses a node whose heartbeat stopped",
                        view().agent("w1", NOW.minusSeconds(95), 9),
                        fail(
                                Verdict.Reason.AGENT_NOT_ALIVE,
                                "stickyip: node w1's agent is not alive: its last heartbeat was 95s ago, a heartbeat counts 40s")),
                arguments(
                        "refuses a node at the very end of its heartbeat",
                        view().agent("w1", NOW.minusSeconds(40), 9),
                        fail(
                                Verdict.Reason.AGENT_NOT_ALIVE,
                                "stickyip: node w1's agent is not alive: its last heartbeat was 40s ago, a heartbeat counts 40s")),
                arguments(
                        "passes a node one second before its heartbeat ends",
                        view().agent("w1", NOW.minusSeconds(39), 1),
                        Verdict.PASS),
                arguments(
                        "refuses a full node",
                        view().agent("w1", 0),
                        fail(
                                Verdict.Reason.NO_ROOM,
                                "stickyip: node w1 has room for 0 more addresses, pod shop/db-0 needs 1")),
                arguments(
                        "refuses a node whose room bound pods took before its agent reported them",
                        view().agent("w1", 2).bound("w1", "uid-a", "192.0.2.20").bound("w1", "uid-b", "192.0.2.21"),
                        fail(
                                Verdict.Reason.NO_ROOM,
                                "stickyip: node w1 has room for 0 more addresses, pod shop/db-0 needs 1")),
                arguments(
                        "passes a node whose bound pods' addresses are attached already (counted in its report)",
                        view().agent("w1", 1, "192.0.2.20").bound("w1", "uid-a", "192.0.2.20"),
                        Verdict.PASS),
                arguments(
                        "does not count the pod's own binding against the room",
                        view().agent("w1", 1).bound("w1", "uid-db-0", "192.0.2.10"),
                        Verdict.PASS),
                arguments(
                        "passes a full node that holds the pod's address already",
                        view().agent("w1", 0, "192.0.2.10"),
                        Verdict.PASS));
    }

    static MapView with(MapView view, Consumer<MapView> change) {
        change.accept(view);
        return view;
    }

    static Verdict fail(Verdict.Reason reason, String message) {
        return new Verdict.Fail(reason, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void decidesEachNode(String why, MapView view, Verdict verdict) {
        FilterOutcome outcome = filter.filter(db0("192.0.2.10"), List.of("w1"), view, NOW);

        assertThat(outcome).isEqualTo(new FilterOutcome.Verdicts(Map.of("w1", verdict)));
    }

    @Test
    void onlyRoomIsResolvableByPreemption() {
        assertThat(Stream.of(Verdict.Reason.values()).filter(Verdict.Reason::resolvable))
                .containsExactly(Verdict.Reason.NO_ROOM);
    }

    @Test
    void needsRoomForEveryAddressNotAttachedYet() {
        MapView view = view().agent("w1", 1, "192.0.2.10");

        assertThat(filter.filter(db0("192.0.2.10", "192.0.2.11", "192.0.2.12"), List.of("w1"), view, NOW))
                .isEqualTo(new FilterOutcome.Verdicts(Map.of(
                        "w1",
                        fail(
                                Verdict.Reason.NO_ROOM,
                                "stickyip: node w1 has room for 1 more address, pod shop/db-0 needs 2"))));
    }

    @Test
    void keepsTheSchedulersOrderOfNodes() {
        MapView view = view().node("w2", "b", "10.250.0.2")
                .node("w3", "a", "10.250.0.3")
                .agents(5, "w1", "w2", "w3");

        FilterOutcome outcome = filter.filter(db0("192.0.2.10"), List.of("w3", "w2", "w1"), view, NOW);

        assertThat(((FilterOutcome.Verdicts) outcome).verdicts())
                .containsExactly(
                        Map.entry("w3", Verdict.PASS),
                        Map.entry(
                                "w2",
                                fail(Verdict.Reason.ZONE, "stickyip: node w2 is in zone b, pool db-eu allows zone a")),
                        Map.entry("w1", Verdict.PASS));
    }

    @Test
    void aDualStackPodNeedsANodeBothPoolsAllow() {
        IPPool v6 = pool("db-eu-v6", "2001:db8:77::/120", s -> s.setSubnets(List.of("2001:db8:250::/48")));
        MapView view =
                view().pool(v6).node("w2", "a", "10.250.0.2", "2001:db8:250::2").agents(5, "w1", "w2");
        PodClaims pod = new PodClaims(
                "shop/db-0",
                "uid",
                List.of(
                        new PodClaims.Claim("192.0.2.10", "db-eu"),
                        new PodClaims.Claim("2001:db8:77::10", "db-eu-v6")));

        assertThat(filter.filter(pod, List.of("w1", "w2"), view, NOW))
                .isEqualTo(new FilterOutcome.Verdicts(Map.of(
                        "w1",
                        fail(
                                Verdict.Reason.SUBNET,
                                "stickyip: node w1 has no IPv6 InternalIP, pool db-eu-v6 allows subnet 2001:db8:250::/48"),
                        "w2",
                        Verdict.PASS)));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments(
                        "an unknown pool",
                        new MapView(),
                        db0("192.0.2.10"),
                        "stickyip: pool db-eu of pod shop/db-0 is not known (no IPPool db-eu)"),
                arguments(
                        "a pool whose rules are invalid",
                        new MapView().pool(pool("db-eu", "192.0.2.0/24", s -> s.setSubnets(List.of("2001:db8::/64")))),
                        db0("192.0.2.10"),
                        "stickyip: pool db-eu of pod shop/db-0 is invalid: spec.subnets: 2001:db8::/64 is IPv6 but the pool's addresses are IPv4:"
                                + " subnets are matched with the node's InternalIP of the pool's family"),
                arguments(
                        "a pod without addresses", view(), db0(), "stickyip: pod shop/db-0 holds no stickyip address"));
    }

    @ParameterizedTest(name = "fails the whole call for {0}")
    @MethodSource("errors")
    void failsTheWholeCallNamingPodAndPool(String why, MapView view, PodClaims pod, String error) {
        assertThat(filter.filter(pod, List.of("w1"), view, NOW)).isEqualTo(new FilterOutcome.Error(error));
    }
}
