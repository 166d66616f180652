package io.stickyip.core.node;

import io.stickyip.core.node.NodeAddressPlan.Assignment;
import io.stickyip.core.node.NodeAddressPlan.Release;
import io.stickyip.core.node.NodeAddressPlan.Why;
import io.stickyip.core.provider.NodeCandidate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which candidate address for which node, for one node-level pool, whatever its provider (pure).
 * Deterministic: nodes in name order, candidates in the pool's order (aws: its {@code AddressOrder};
 * routed: {@link NodeCandidate#BY_ID}), so the same nodes get the same preferred addresses on every
 * run and every leader.
 *
 * <ul>
 *   <li>a node that holds a reservation keeps it, whatever the order says (never taken from a live node);</li>
 *   <li>a reservation whose node is gone is released (the only release besides release-on-exit,
 *       which the controller performs itself); the address is handed on in a later pass, once the
 *       release (an EIP's disassociation) is done;</li>
 *   <li>free = in the pool (an EIP: matched the filter), reserved by no one, {@linkplain NodeCandidate#boundElsewhere()
 *       bound} to nothing (an EIP associated without a reservation is someone else's, or a leak for the reconciliation);</li>
 *   <li>a waiting node first gets a free candidate whose {@linkplain NodeCandidate#lastNode() last node} is it (the
 *       address it had before, e.g. a node recreated under its name), then the first free one.</li>
 * </ul>
 */
public final class NodeAddressPlanner {

    private NodeAddressPlanner() {}

    /**
     * @param pool     the pool's candidates as its provider listed them (aws: DescribeAddresses for its filter)
     * @param order    the pool's order
     * @param wanting  nodes the pool's selector picks (alive)
     * @param alive    every node that exists
     * @param reserved candidate ID to holder, for every reservation of these addresses (a node name
     *                 for this pool's node reservations; anything else, e.g. a workload, is just "taken")
     * @param nodeHeld node name to candidate ID, this pool's node reservations
     */
    public static <C extends NodeCandidate> NodeAddressPlan<C> plan(
            List<C> pool,
            Comparator<? super C> order,
            Collection<String> wanting,
            Set<String> alive,
            Map<String, String> reserved,
            Map<String, String> nodeHeld) {
        Map<String, C> byId = new HashMap<>();
        pool.forEach(c -> byId.put(c.id(), c));
        List<Assignment<C>> assignments = new ArrayList<>();
        List<Release> releases = new ArrayList<>();
        Set<String> taken = new HashSet<>(reserved.keySet());
        Set<String> served = new HashSet<>();
        for (Map.Entry<String, String> held : new TreeMap<>(nodeHeld).entrySet()) {
            String node = held.getKey();
            if (!alive.contains(node)) {
                releases.add(new Release(node, held.getValue())); // stays taken until the release is done: next pass
            } else if (byId.containsKey(held.getValue())) {
                assignments.add(new Assignment<>(node, byId.get(held.getValue()), Why.KEPT));
                served.add(node);
            } else {
                served.add(node); // its address left the pool (tag edited, EIP released): the reconciliation flags it
            }
        }
        Map<String, C> free = new LinkedHashMap<>();
        pool.stream()
                .sorted(order)
                .filter(c -> !taken.contains(c.id()) && !c.boundElsewhere())
                .forEach(c -> free.put(c.id(), c));
        List<String> waiting = new ArrayList<>();
        for (String node : new TreeSet<>(wanting)) {
            if (served.contains(node)) {
                continue;
            }
            Optional<C> preferred = free.values().stream()
                    .filter(c -> c.lastNode().filter(node::equals).isPresent())
                    .findFirst();
            Optional<C> pick = preferred.or(() -> free.values().stream().findFirst());
            if (pick.isPresent()) {
                free.remove(pick.get().id());
                assignments.add(
                        new Assignment<>(node, pick.get(), preferred.isPresent() ? Why.PREFERRED : Why.NEXT_FREE));
            } else {
                waiting.add(node);
            }
        }
        return new NodeAddressPlan<>(assignments, waiting, releases, free.size());
    }
}
