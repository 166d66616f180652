package io.stickyip.core.cloud.aws;

import io.stickyip.core.cloud.aws.NodeAddressPlan.Assignment;
import io.stickyip.core.cloud.aws.NodeAddressPlan.Release;
import io.stickyip.core.cloud.aws.NodeAddressPlan.Why;

import java.util.ArrayList;
import java.util.Collection;
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
 * Which Elastic IP for which node, for one node-level pool (pure). Deterministic: nodes in name
 * order, addresses in the pool's {@link AddressOrder}, so the same nodes get the same preferred
 * addresses on every run and every leader.
 *
 * <ul>
 *   <li>a node that holds a reservation keeps it, whatever the order says (never taken from a live node);</li>
 *   <li>a reservation whose node is gone is released (the only release besides release-on-exit,
 *       which the controller performs itself); the address is handed on in a later pass, once the
 *       release (disassociation) is done;</li>
 *   <li>free = in the pool (matched the filter), reserved by no one, associated with nothing (an address
 *       associated without a reservation is someone else's, or a leak for the reconciliation);</li>
 *   <li>a waiting node first gets a free address whose {@link Tags#LAST_NODE} tag names it (the
 *       address it had before, e.g. a node recreated under its name), then the first free one.</li>
 * </ul>
 */
public final class NodeAddressPlanner {

    private NodeAddressPlanner() {
    }

    /**
     * @param pool     the pool's addresses as DescribeAddresses returned them for its filter
     * @param order    the pool's order
     * @param wanting  nodes the pool's selector picks (alive)
     * @param alive    every node that exists
     * @param reserved allocation ID to holder, for every reservation of these addresses (a node name
     *                 for this pool's node reservations; anything else, e.g. a workload, is just "taken")
     * @param nodeHeld node name to allocation ID, this pool's node reservations
     */
    public static NodeAddressPlan plan(List<ElasticIp> pool, AddressOrder order, Collection<String> wanting,
                                       Set<String> alive, Map<String, String> reserved, Map<String, String> nodeHeld) {
        Map<String, ElasticIp> byId = new HashMap<>();
        pool.forEach(eip -> byId.put(eip.allocationId(), eip));
        List<Assignment> assignments = new ArrayList<>();
        List<Release> releases = new ArrayList<>();
        Set<String> taken = new HashSet<>(reserved.keySet());
        Set<String> served = new HashSet<>();
        for (Map.Entry<String, String> held : new TreeMap<>(nodeHeld).entrySet()) {
            String node = held.getKey();
            if (!alive.contains(node)) {
                releases.add(new Release(node, held.getValue())); // stays taken until the release is done: next pass
            } else if (byId.containsKey(held.getValue())) {
                assignments.add(new Assignment(node, byId.get(held.getValue()), Why.KEPT));
                served.add(node);
            } else {
                served.add(node); // its address left the pool (tag edited, EIP released): the reconciliation flags it
            }
        }
        Map<String, ElasticIp> free = new LinkedHashMap<>();
        order.sort(pool).stream()
                .filter(eip -> !taken.contains(eip.allocationId()) && !eip.associated())
                .forEach(eip -> free.put(eip.allocationId(), eip));
        List<String> waiting = new ArrayList<>();
        for (String node : new TreeSet<>(wanting)) {
            if (served.contains(node)) {
                continue;
            }
            Optional<ElasticIp> preferred = free.values().stream()
                    .filter(eip -> eip.tag(Tags.LAST_NODE).filter(node::equals).isPresent()).findFirst();
            Optional<ElasticIp> pick = preferred.or(() -> free.values().stream().findFirst());
            if (pick.isPresent()) {
                free.remove(pick.get().allocationId());
                assignments.add(new Assignment(node, pick.get(), preferred.isPresent() ? Why.PREFERRED : Why.NEXT_FREE));
            } else {
                waiting.add(node);
            }
        }
        return new NodeAddressPlan(assignments, waiting, releases, free.size());
    }
}
