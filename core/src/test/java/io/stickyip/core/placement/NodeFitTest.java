package io.stickyip.core.placement;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeFitTest {

    static Node node(String name, Map<String, String> labels, String... internalIPs) {
        NodeBuilder b = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata();
        b.withNewStatus()
                .withAddresses(Stream.of(internalIPs)
                        .map(ip -> new NodeAddress(ip, "InternalIP"))
                        .toList())
                .endStatus();
        return b.build();
    }

    static Map<String, String> zone(String zone) {
        return Map.of(NodeFacts.ZONE_LABEL, zone);
    }

    static CompiledPool dbEu(Consumer<IPPoolSpec> rules) {
        return compiled("db-eu", "192.0.2.0/24", rules);
    }

    static CompiledPool compiled(String name, String cidr, Consumer<IPPoolSpec> rules) {
        try {
            return CompiledPool.of(pool(name, cidr, rules));
        } catch (ContractViolation e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Stream<Arguments> fitting() {
        Map<String, String> labels = new LinkedHashMap<>(zone("a"));
        labels.put("disk", "ssd");
        labels.put("stickyip.io/egress", "true");
        return Stream.of(
                arguments("a pool without rules, any node", dbEu(s -> {}), node("w1", Map.of())),
                arguments(
                        "a node with the selected labels and more",
                        dbEu(s -> s.setNodeSelector(Map.of("disk", "ssd", "stickyip.io/egress", "true"))),
                        node("w1", labels)),
                arguments(
                        "a node with a selected empty label",
                        dbEu(s -> s.setNodeSelector(Map.of("edge", ""))),
                        node("w1", Map.of("edge", ""))),
                arguments(
                        "a node in one of the zones", dbEu(s -> s.setZones(List.of("a", "c"))), node("w1", zone("c"))),
                arguments(
                        "a node with an InternalIP in a subnet",
                        dbEu(s -> s.setSubnets(List.of("10.250.0.0/16"))),
                        node("w1", Map.of(), "10.250.3.7")),
                arguments(
                        "a node whose second InternalIP is in the second subnet",
                        dbEu(s -> s.setSubnets(List.of("10.250.0.0/16", "198.51.100.0/24"))),
                        node("w1", Map.of(), "10.1.0.1", "198.51.100.9")),
                arguments(
                        "a dual-stack node for an IPv6 pool",
                        compiled("v6", "2001:db8:77::/120", s -> s.setSubnets(List.of("2001:db8:1::/48"))),
                        node("w1", Map.of(), "10.1.0.1", "2001:db8:1::5")),
                arguments(
                        "all three rules at once",
                        dbEu(s -> {
                            s.setNodeSelector(Map.of("disk", "ssd"));
                            s.setZones(List.of("a"));
                            s.setSubnets(List.of("10.250.0.0/16"));
                        }),
                        node("w1", labels, "10.250.0.1")));
    }

    @ParameterizedTest(name = "fits {0}")
    @MethodSource("fitting")
    void fitsANodeThePoolAllows(String why, CompiledPool pool, Node node) throws ContractViolation {
        assertThat(NodeFit.check(pool, node)).isEqualTo(Fit.FITS);
    }

    static Stream<Arguments> misfits() {
        return Stream.of(
                arguments(
                        "a node in another zone",
                        dbEu(s -> s.setZones(List.of("a"))),
                        node("w3", zone("b")),
                        Fit.Rule.ZONE,
                        "node w3 is in zone b, pool db-eu allows zone a"),
                arguments(
                        "a node in none of several zones",
                        dbEu(s -> s.setZones(List.of("a", "c"))),
                        node("w3", zone("b")),
                        Fit.Rule.ZONE,
                        "node w3 is in zone b, pool db-eu allows zones a, c"),
                arguments(
                        "a node without zone",
                        dbEu(s -> s.setZones(List.of("a"))),
                        node("w3", Map.of()),
                        Fit.Rule.ZONE,
                        "node w3 has no zone (label topology.kubernetes.io/zone), pool db-eu allows zone a"),
                arguments(
                        "a node without the selected label",
                        dbEu(s -> s.setNodeSelector(Map.of("disk", "ssd"))),
                        node("w3", zone("a")),
                        Fit.Rule.NODE_SELECTOR,
                        "node w3 has no label disk, pool db-eu needs disk=ssd"),
                arguments(
                        "a node with another value",
                        dbEu(s -> s.setNodeSelector(Map.of("disk", "ssd"))),
                        node("w3", Map.of("disk", "hdd")),
                        Fit.Rule.NODE_SELECTOR,
                        "node w3 has disk=hdd, pool db-eu needs disk=ssd"),
                arguments(
                        "a node with a value where the selector wants it empty",
                        dbEu(s -> s.setNodeSelector(Map.of("edge", ""))),
                        node("w3", Map.of("edge", "yes")),
                        Fit.Rule.NODE_SELECTOR,
                        "node w3 has edge=yes, pool db-eu needs edge="),
                arguments(
                        "a node outside the subnets",
                        dbEu(s -> s.setSubnets(List.of("10.250.0.0/16"))),
                        node("w3", Map.of(), "10.1.0.5"),
                        Fit.Rule.SUBNET,
                        "node w3 has InternalIP 10.1.0.5, pool db-eu allows subnet 10.250.0.0/16"),
                arguments(
                        "a node with two addresses outside two subnets",
                        dbEu(s -> s.setSubnets(List.of("10.250.0.0/16", "10.251.0.0/16"))),
                        node("w3", Map.of(), "10.1.0.5", "10.1.0.6"),
                        Fit.Rule.SUBNET,
                        "node w3 has InternalIPs 10.1.0.5, 10.1.0.6, pool db-eu allows subnets 10.250.0.0/16, 10.251.0.0/16"),
                arguments(
                        "a node without InternalIP",
                        dbEu(s -> s.setSubnets(List.of("10.250.0.0/16"))),
                        node("w3", Map.of()),
                        Fit.Rule.SUBNET,
                        "node w3 has no IPv4 InternalIP, pool db-eu allows subnet 10.250.0.0/16"),
                arguments(
                        "an IPv4-only node for an IPv6 subnet",
                        compiled("v6", "2001:db8:77::/120", s -> s.setSubnets(List.of("2001:db8:1::/48"))),
                        node("w3", Map.of(), "10.250.0.1"),
                        Fit.Rule.SUBNET,
                        "node w3 has no IPv6 InternalIP, pool v6 allows subnet 2001:db8:1::/48"),
                arguments(
                        "a node whose IPv6 address is in the subnet but the pool is IPv4",
                        dbEu(s -> s.setSubnets(List.of("10.250.0.0/16"))),
                        node("w3", Map.of(), "2001:db8::1"),
                        Fit.Rule.SUBNET,
                        "node w3 has no IPv4 InternalIP, pool db-eu allows subnet 10.250.0.0/16"),
                arguments(
                        "the selector before the zone",
                        dbEu(s -> {
                            s.setNodeSelector(Map.of("disk", "ssd"));
                            s.setZones(List.of("a"));
                        }),
                        node("w3", zone("b")),
                        Fit.Rule.NODE_SELECTOR,
                        "node w3 has no label disk, pool db-eu needs disk=ssd"),
                arguments(
                        "the zone before the subnet",
                        dbEu(s -> {
                            s.setZones(List.of("a"));
                            s.setSubnets(List.of("10.250.0.0/16"));
                        }),
                        node("w3", zone("b"), "10.1.0.5"),
                        Fit.Rule.ZONE,
                        "node w3 is in zone b, pool db-eu allows zone a"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("misfits")
    void refusesANodeNamingRuleNodeAndPool(String why, CompiledPool pool, Node node, Fit.Rule rule, String message)
            throws ContractViolation {
        assertThat(NodeFit.check(pool, node)).isEqualTo(new Fit.Misfit(rule, message));
    }

    @Test
    void readsOnlyInternalIPsAsAddresses() {
        Node n = new NodeBuilder()
                .withNewMetadata()
                .withName("w1")
                .endMetadata()
                .withNewStatus()
                .withAddresses(
                        new NodeAddress("198.51.100.1", "ExternalIP"),
                        new NodeAddress("w1.example", "Hostname"),
                        new NodeAddress("not-an-ip", "InternalIP"),
                        new NodeAddress("10.250.0.1", "InternalIP"))
                .endStatus()
                .build();

        assertThat(NodeFacts.of(n).internalIPs()).extracting(Object::toString).containsExactly("10.250.0.1");
    }

    @Test
    void readsANodeWithoutLabelsOrStatus() {
        Node bare =
                new NodeBuilder().withNewMetadata().withName("w1").endMetadata().build();

        NodeFacts facts = NodeFacts.of(bare);

        assertThat(facts.labels()).isEmpty();
        assertThat(facts.internalIPs()).isEmpty();
        assertThat(facts.zone()).isEmpty();
    }

    @Test
    void refusesToBuildTheFitOfAPoolWithAnInvalidRule() {
        CompiledPool bad = dbEu(s -> s.setSubnets(List.of("2001:db8::/64")));

        assertThatThrownBy(() -> NodeFit.of(bad))
                .isInstanceOf(ContractViolation.class)
                .hasMessageStartingWith("spec.subnets: 2001:db8::/64 is IPv6 but the pool's addresses are IPv4");
    }
}
