package io.stickyip.core.admission;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.AnnotationParser;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlotPlannerTest {

    static final PoolCatalog CATALOG = Pools.catalog(
            pool("demo", "10.77.0.0/24", s -> {
                s.setGateway("10.77.0.1");
                s.setNamespaces(List.of("default", "demo"));
            }),
            pool("demo6", "fd77::/64", s -> {
                s.setGateway("fd77::1");
                s.setNamespaces(List.of("default", "demo"));
            }),
            pool("open", "10.88.0.0/24"),
            pool("public-eu", "203.0.113.0/28", s -> {
                s.setNamespaces(List.of("prod"));
                s.setPrefixLength(32);
            }),
            pool("node-ips", "198.51.100.0/28", s -> s.setScope(IPPoolSpec.Scope.Node)),
            pool("broken", "10.99.0.9/24"),
            pool("stale-gateway", "10.66.0.0/24", s -> s.setGateway("10.9.0.1")));

    static final WorkloadRef DB = new WorkloadRef("default", "deployment", "db");
    static final WorkloadRef WEB = new WorkloadRef("default", "statefulset", "web");

    static AddressRequest request(String... keyValues) throws ContractViolation {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return AnnotationParser.parse(m);
    }

    static WorkloadRef in(String namespace) {
        return new WorkloadRef(namespace, "deployment", "db");
    }

    @Test
    void plansAnAddressFromANamedPoolWithItsPrefixAndGateway() throws ContractViolation {
        SlotPlan plan = SlotPlanner.plan(request("stickyip.io/pool", "demo"), DB, 0, CATALOG);

        assertThat(plan).isInstanceOfSatisfying(SlotPlan.FromPools.class, p -> {
            assertThat(p.pools()).extracting(CompiledPool::name).containsExactly("demo");
            assertThat(p.perPool()).isEqualTo(1);
            assertThat(p.workload()).isEqualTo(DB);
            assertThat(p.slot()).isZero();
            assertThat(p.prefixLength()).isEqualTo(OptionalInt.of(24));
            assertThat(p.gateway()).contains("10.77.0.1");
        });
    }

    @Test
    void plansDualStackFromOnePoolPerFamily() throws ContractViolation {
        SlotPlan plan = SlotPlanner.plan(request("stickyip.io/pool", "demo,demo6"), DB, 3, CATALOG);

        assertThat(plan).isInstanceOfSatisfying(SlotPlan.FromPools.class, p -> {
            assertThat(p.pools()).extracting(CompiledPool::name).containsExactly("demo", "demo6");
            assertThat(p.slot()).isEqualTo(3);
        });
    }

    @Test
    void plansSeveralAddressesPerPodFromAPool() throws ContractViolation {
        SlotPlan plan = SlotPlanner.plan(
                request("stickyip.io/pool", "open", "stickyip.io/addresses-per-pod", "3"), DB, 0, CATALOG);

        assertThat(plan).isInstanceOfSatisfying(SlotPlan.FromPools.class, p -> {
            assertThat(p.perPool()).isEqualTo(3);
            assertThat(p.gateway()).isEmpty();
        });
    }

    @Test
    void prefersKubeIpamNetmaskAndGatewayOverThePools() throws ContractViolation {
        SlotPlan plan = SlotPlanner.plan(
                request(
                        "stickyip.io/pool",
                        "demo",
                        "kube-ipam.netmask",
                        "255.255.0.0",
                        "kube-ipam.gateway",
                        "10.77.1.1"),
                DB,
                0,
                CATALOG);

        assertThat(plan.prefixLength()).isEqualTo(OptionalInt.of(16));
        assertThat(plan.gateway()).contains("10.77.1.1");
    }

    static Stream<Arguments> deniedGateways() {
        return Stream.of(
                arguments(
                        "two pools of one family",
                        new String[] {"stickyip.io/pool", "demo,open"},
                        "stickyip.io/pool: demo,open names pools demo and open, both IPv4: name at most one pool per address family "
                                + "(use stickyip.io/addresses-per-pod for more addresses)"),
                arguments(
                        "a kube-ipam gateway off a pool's network",
                        new String[] {"stickyip.io/pool", "demo", "kube-ipam.gateway", "192.168.9.1"},
                        "kube-ipam.gateway: 192.168.9.1 is not inside 10.77.0.0/24, the prefix of pool demo's addresses: a next hop must be on the pod's network"),
                arguments(
                        "a kube-ipam gateway the pool could give to a pod",
                        new String[] {"stickyip.io/pool", "demo", "kube-ipam.gateway", "10.77.0.7"},
                        "kube-ipam.gateway: 10.77.0.7 is an address of pool demo, which may give it to a pod: "
                                + "a gateway must not be one of the pool's addresses"),
                arguments(
                        "a pool gateway off the pool's network (a pool admitted before the check)",
                        new String[] {"stickyip.io/pool", "stale-gateway"},
                        "spec.gateway of pool stale-gateway: 10.9.0.1 is not inside 10.66.0.0/24, the prefix of pool stale-gateway's addresses: "
                                + "a next hop must be on the pod's network"),
                arguments(
                        "a kube-ipam gateway off the network of its address, the prefix from the pool",
                        new String[] {"kube-ipam.ip", "10.77.0.218", "kube-ipam.gateway", "192.168.9.1"},
                        "kube-ipam.gateway: 192.168.9.1 is not inside 10.77.0.0/24, the prefix of 10.77.0.218: "
                                + "a next hop must be on the pod's network"),
                arguments(
                        "an IPv4 gateway for an IPv6 list",
                        new String[] {"stickyip.io/ip", "fd77::10", "kube-ipam.gateway", "10.77.0.1"},
                        "kube-ipam.gateway: 10.77.0.1 is IPv4 but stickyip.io/ip lists no IPv4 address"));
    }

    @ParameterizedTest(name = "denies {0}")
    @MethodSource("deniedGateways")
    void deniesAGatewayOffThePodsNetworkNamingGatewayPrefixAndRule(String why, String[] annotations, String message) {
        assertThatThrownBy(() -> SlotPlanner.plan(request(annotations), DB, 0, CATALOG))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(message);
    }

    @Test
    void acceptsOnePoolPerFamilyWithTheGatewayOfTheFirst() throws ContractViolation {
        SlotPlan plan = SlotPlanner.plan(request("stickyip.io/pool", "demo,demo6"), DB, 0, CATALOG);

        assertThat(plan.gateway()).contains("10.77.0.1");
    }

    static Stream<Arguments> deniedPoolRequests() {
        return Stream.of(
                arguments(
                        "a pool that does not exist",
                        "stickyip.io/pool",
                        "nope",
                        in("default"),
                        "stickyip.io/pool: nope does not exist"),
                arguments(
                        "a pool whose spec is invalid",
                        "stickyip.io/pool",
                        "broken",
                        in("default"),
                        "stickyip.io/pool: broken is invalid: spec.cidr: 10.99.0.9/24 has host bits set; did you mean 10.99.0.0/24?"),
                arguments(
                        "a pool the namespace may not use",
                        "stickyip.io/pool",
                        "public-eu",
                        in("dev"),
                        "namespace dev may not use pool public-eu"),
                arguments(
                        "a node-scoped pool",
                        "stickyip.io/pool",
                        "node-ips",
                        in("default"),
                        "stickyip.io/pool: node-ips has scope Node: its addresses go to nodes, not pods"),
                arguments(
                        "the second of two pools missing",
                        "stickyip.io/pool",
                        "demo,gone",
                        in("default"),
                        "stickyip.io/pool: gone does not exist"),
                arguments(
                        "the second of two pools not allowed",
                        "stickyip.io/pool",
                        "demo,public-eu",
                        in("default"),
                        "namespace default may not use pool public-eu"));
    }

    @ParameterizedTest(name = "denies {0}")
    @MethodSource("deniedPoolRequests")
    void deniesAPoolTheWorkloadMayNotUse(
            String why, String annotation, String value, WorkloadRef workload, String message) {
        assertThatThrownBy(() -> SlotPlanner.plan(request(annotation, value), workload, 0, CATALOG))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(message);
    }

    static Stream<Arguments> explicitPlans() {
        return Stream.of(
                arguments(
                        "the first address for slot 0",
                        new String[] {"stickyip.io/ip", "10.77.0.10,10.77.0.11,10.77.0.12"},
                        0,
                        List.of("10.77.0.10"),
                        List.of("demo")),
                arguments(
                        "the i-th address for slot i",
                        new String[] {"stickyip.io/ip", "10.77.0.10,10.77.0.11,10.77.0.12"},
                        2,
                        List.of("10.77.0.12"),
                        List.of("demo")),
                arguments(
                        "addresses of two pools",
                        new String[] {"stickyip.io/ip", "10.77.0.10,10.88.0.10"},
                        1,
                        List.of("10.88.0.10"),
                        List.of("open")),
                arguments(
                        "an IPv6 address, canonical",
                        new String[] {"stickyip.io/ip", "FD77:0:0:0:0:0:0:10"},
                        0,
                        List.of("fd77::10"),
                        List.of("demo6")),
                arguments(
                        "one of each family per slot in dual-stack",
                        new String[] {"stickyip.io/ip", "10.77.0.10,fd77::10,10.77.0.11,fd77::11"},
                        1,
                        List.of("10.77.0.11", "fd77::11"),
                        List.of("demo", "demo6")),
                arguments(
                        "dual-stack pairs by order within each family",
                        new String[] {"stickyip.io/ip", "fd77::10,fd77::11,10.77.0.10,10.77.0.11"},
                        0,
                        List.of("10.77.0.10", "fd77::10"),
                        List.of("demo", "demo6")),
                arguments(
                        "addresses-per-pod consecutive addresses",
                        new String[] {
                            "stickyip.io/ip",
                            "10.77.0.10,10.77.0.11,10.77.0.12,10.77.0.13",
                            "stickyip.io/addresses-per-pod",
                            "2"
                        },
                        1,
                        List.of("10.77.0.12", "10.77.0.13"),
                        List.of("demo", "demo")),
                arguments(
                        "addresses-per-pod across families in list order",
                        new String[] {
                            "stickyip.io/ip", "10.77.0.10,fd77::10,10.77.0.11", "stickyip.io/addresses-per-pod", "3"
                        },
                        0,
                        List.of("10.77.0.10", "fd77::10", "10.77.0.11"),
                        List.of("demo", "demo6", "demo")),
                arguments(
                        "an address inside the named pool",
                        new String[] {"stickyip.io/ip", "10.77.0.10", "stickyip.io/pool", "demo"},
                        0,
                        List.of("10.77.0.10"),
                        List.of("demo")),
                arguments(
                        "a kube-ipam address",
                        new String[] {"kube-ipam.ip", "10.77.0.218", "kube-ipam.netmask", "24"},
                        0,
                        List.of("10.77.0.218"),
                        List.of("demo")));
    }

    @ParameterizedTest(name = "plans {0}")
    @MethodSource("explicitPlans")
    void plansExplicitAddressesPerSlot(
            String why, String[] annotations, int slot, List<String> addresses, List<String> pools)
            throws ContractViolation {
        AddressRequest request = request(annotations);

        SlotPlan plan = SlotPlanner.plan(request, DB, slot, CATALOG);

        assertThat(plan).isInstanceOfSatisfying(SlotPlan.Explicit.class, p -> {
            assertThat(p.addresses()).containsExactlyElementsOf(addresses);
            assertThat(p.pools()).containsExactlyElementsOf(pools);
            assertThat(p.held())
                    .containsExactlyElementsOf(request.explicit().stream()
                            .map(io.stickyip.core.contract.Addresses::canonical)
                            .toList());
            assertThat(p.held()).containsAll(p.addresses());
            assertThat(p.slot()).isEqualTo(slot);
        });
    }

    @Test
    void takesPrefixAndGatewayOfTheFirstAddressesPool() throws ContractViolation {
        SlotPlan plan = SlotPlanner.plan(request("stickyip.io/ip", "10.77.0.10,fd77::10"), DB, 0, CATALOG);

        assertThat(plan.prefixLength()).isEqualTo(OptionalInt.of(24));
        assertThat(plan.gateway()).isEqualTo(Optional.of("10.77.0.1"));
    }

    @Test
    void takesKubeIpamPrefixAndGatewayForExplicitAddresses() throws ContractViolation {
        SlotPlan plan = SlotPlanner.plan(
                request(
                        "kube-ipam.ip",
                        "10.77.0.218",
                        "kube-ipam.netmask",
                        "255.255.255.128",
                        "kube-ipam.gateway",
                        "10.77.0.129"),
                DB,
                0,
                CATALOG);

        assertThat(plan.prefixLength()).isEqualTo(OptionalInt.of(25));
        assertThat(plan.gateway()).contains("10.77.0.129");
    }

    static Stream<Arguments> deniedExplicitRequests() {
        return Stream.of(
                arguments(
                        "deniesAnAddressOutsideThePool",
                        new String[] {"stickyip.io/ip", "10.78.0.10", "stickyip.io/pool", "demo"},
                        DB,
                        0,
                        "stickyip.io/ip: 10.78.0.10 is not in pool demo"),
                arguments(
                        "deniesAnAddressOutsideBothNamedPools",
                        new String[] {"stickyip.io/ip", "fd78::10", "stickyip.io/pool", "demo,demo6"},
                        DB,
                        0,
                        "stickyip.io/ip: fd78::10 is not in pool demo, demo6"),
                arguments(
                        "deniesAnAddressInNoPool",
                        new String[] {"stickyip.io/ip", "10.99.5.1"},
                        DB,
                        0,
                        "stickyip.io/ip: 10.99.5.1 is in no IPPool: create a pool that holds it"),
                arguments(
                        "deniesAKubeIpamAddressInNoPoolNamingKubeIpam",
                        new String[] {"kube-ipam.ip", "10.188.0.218"},
                        DB,
                        0,
                        "kube-ipam.ip: 10.188.0.218 is in no IPPool: create a pool that holds it"),
                arguments(
                        "deniesAnAddressOfAPoolTheNamespaceMayNotUse",
                        new String[] {"stickyip.io/ip", "203.0.113.5"},
                        in("dev"),
                        0,
                        "namespace dev may not use pool public-eu"),
                arguments(
                        "deniesAnAddressOfANodeScopedPool",
                        new String[] {"stickyip.io/ip", "198.51.100.5"},
                        DB,
                        0,
                        "stickyip.io/pool: node-ips has scope Node: its addresses go to nodes, not pods"),
                arguments(
                        "deniesTheGatewayOfAPool",
                        new String[] {"stickyip.io/ip", "10.77.0.1"},
                        DB,
                        0,
                        "stickyip.io/ip: 10.77.0.1 is in no IPPool: create a pool that holds it"),
                arguments(
                        "deniesAListWithAnotherSlotsAddressNotAllowed",
                        new String[] {"stickyip.io/ip", "10.77.0.10,203.0.113.5"},
                        DB,
                        0,
                        "namespace default may not use pool public-eu"),
                arguments(
                        "deniesASlotPastTheList",
                        new String[] {"stickyip.io/ip", "10.77.0.10,10.77.0.11,10.77.0.12"},
                        WEB,
                        3,
                        "stickyip.io/ip: 10.77.0.10,10.77.0.11,10.77.0.12 has addresses for 3 pod(s); slot 3 of statefulset default/web has none"),
                arguments(
                        "deniesALengthNotAMultipleOfAddressesPerPod",
                        new String[] {
                            "stickyip.io/ip", "10.77.0.10,10.77.0.11,10.77.0.12", "stickyip.io/addresses-per-pod", "2"
                        },
                        DB,
                        0,
                        "stickyip.io/ip: 10.77.0.10,10.77.0.11,10.77.0.12 has 3 addresses, not a multiple of stickyip.io/addresses-per-pod 2"),
                arguments(
                        "deniesAnUnevenDualStackList",
                        new String[] {"stickyip.io/ip", "10.77.0.10,fd77::10,10.77.0.11"},
                        DB,
                        0,
                        "stickyip.io/ip: 10.77.0.10,fd77::10,10.77.0.11 has 2 IPv4 and 1 IPv6 addresses: a dual-stack list needs as many of each"),
                arguments(
                        "deniesAnExplicitAddressWithAPoolTheNamespaceMayNotUse",
                        new String[] {"stickyip.io/ip", "203.0.113.5", "stickyip.io/pool", "public-eu"},
                        in("default"),
                        0,
                        "namespace default may not use pool public-eu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deniedExplicitRequests")
    void deniesExplicitAddressesThatBreakARule(
            String name, String[] annotations, WorkloadRef workload, int slot, String message) {
        assertThatThrownBy(() -> SlotPlanner.plan(request(annotations), workload, slot, CATALOG))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(message);
    }

    static Stream<Arguments> slotCounts() {
        return Stream.of(
                arguments("10.0.0.1", null, 1),
                arguments("10.0.0.1,10.0.0.2,10.0.0.3", null, 3),
                arguments("10.0.0.1,fd00::1", null, 1),
                arguments("10.0.0.1,fd00::1,10.0.0.2,fd00::2", null, 2),
                arguments("fd00::1,fd00::2", null, 2),
                arguments("10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4", "2", 2),
                arguments("10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4", "4", 1),
                arguments("10.0.0.1,10.0.0.2", "1", 2));
    }

    @ParameterizedTest(name = "{0} with addresses-per-pod {1} serves {2} pod(s)")
    @MethodSource("slotCounts")
    void countsTheSlotsAnExplicitListServes(String ips, String perPod, int slots) throws ContractViolation {
        AddressRequest request = perPod == null
                ? request("stickyip.io/ip", ips)
                : request("stickyip.io/ip", ips, "stickyip.io/addresses-per-pod", perPod);

        assertThat(SlotPlanner.slotCount(request)).isEqualTo(slots);
    }

    @Test
    void checkNamesTheSlotsOwnAddressFirstThenTheRestOfTheList() throws Exception {
        AddressRequest request = request("stickyip.io/ip", "10.88.0.5,192.0.2.9,198.51.100.2,10.77.0.9");

        io.stickyip.core.contract.Checked<SlotPlan> checked = SlotPlanner.check(request, in("elsewhere"), 1, CATALOG);

        assertThat(checked.errors())
                .extracting(io.stickyip.core.contract.FieldError::message)
                .containsExactly(
                        "stickyip.io/ip: 192.0.2.9 is in no IPPool: create a pool that holds it",
                        "stickyip.io/pool: node-ips has scope Node: its addresses go to nodes, not pods",
                        "namespace elsewhere may not use pool demo");
        assertThatThrownBy(() -> SlotPlanner.plan(request, in("elsewhere"), 1, CATALOG))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("stickyip.io/ip: 192.0.2.9 is in no IPPool: create a pool that holds it");
    }

    @Test
    void checkNamesEveryUnusablePool() throws Exception {
        AddressRequest request = request("stickyip.io/pool", "nope,public-eu");

        assertThat(SlotPlanner.check(request, DB, 0, CATALOG).errors())
                .extracting(io.stickyip.core.contract.FieldError::message)
                .containsExactly(
                        "stickyip.io/pool: nope does not exist", "namespace default may not use pool public-eu");
    }
}
