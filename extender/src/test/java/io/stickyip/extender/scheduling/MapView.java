package io.stickyip.extender.scheduling;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.placement.NodeFit;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPool;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A {@link SchedulingView} from plain maps, for the pure decision's tests. */
final class MapView implements SchedulingView {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    final Map<String, NodeFacts> nodes = new LinkedHashMap<>();
    final Map<String, PoolPlacement> pools = new HashMap<>();
    final Map<String, AgentLeases.Read> agents = new HashMap<>();
    /** node → pod uid → addresses of pods bound there */
    final Map<String, Map<String, List<String>>> bound = new HashMap<>();

    MapView node(String name, String zone, String... internalIPs) {
        Map<String, String> labels = zone == null ? Map.of() : Map.of(NodeFacts.ZONE_LABEL, zone);
        return node(name, labels, internalIPs);
    }

    MapView node(String name, Map<String, String> labels, String... internalIPs) {
        List<IPAddress> ips = Stream.of(internalIPs)
                .map(ip -> Addresses.parse(ip).orElseThrow())
                .toList();
        nodes.put(name, new NodeFacts(name, labels, ips));
        return this;
    }

    MapView pool(IPPool pool) {
        try {
            pools.put(pool.getMetadata().getName(), new PoolPlacement.Known(NodeFit.of(CompiledPool.of(pool))));
        } catch (ContractViolation e) {
            pools.put(pool.getMetadata().getName(), new PoolPlacement.Invalid(e.getMessage()));
        }
        return this;
    }

    MapView agent(String node, int free, String... attached) {
        return agent(node, NOW.minusSeconds(5), free, attached);
    }

    MapView agent(String node, Instant renewed, int free, String... attached) {
        agents.put(
                node,
                new AgentLeases.Read.Ok(new AgentReport(
                        node,
                        "agent-" + node,
                        renewed,
                        Duration.ofSeconds(40),
                        free,
                        new TreeSet<>(List.of(attached)))));
        return this;
    }

    MapView agents(int free, String... nodes) {
        for (String n : nodes) {
            agent(n, free);
        }
        return this;
    }

    MapView bound(String node, String uid, String... addresses) {
        bound.computeIfAbsent(node, n -> new HashMap<>()).put(uid, List.of(addresses));
        return this;
    }

    @Override
    public Optional<CandidateNode> node(String name) {
        return Optional.ofNullable(nodes.get(name)).map(facts -> new CandidateNode(facts, agents.get(name)));
    }

    @Override
    public PoolPlacement pool(String name) {
        return pools.getOrDefault(name, new PoolPlacement.Unknown());
    }

    @Override
    public int pendingAddresses(String node, String exceptPodUid, Set<String> attached) {
        return (int) bound.getOrDefault(node, Map.of()).entrySet().stream()
                .filter(e -> !e.getKey().equals(exceptPodUid))
                .flatMap(e -> e.getValue().stream())
                .filter(a -> !attached.contains(a))
                .count();
    }

    @Override
    public Set<String> holders(String address) {
        return agents.values().stream()
                .filter(r -> r instanceof AgentLeases.Read.Ok ok
                        && ok.report().attached().contains(address))
                .map(r -> ((AgentLeases.Read.Ok) r).report().node())
                .collect(Collectors.toSet());
    }
}
