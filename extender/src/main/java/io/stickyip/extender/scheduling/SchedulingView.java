package io.stickyip.extender.scheduling;

import java.util.Optional;
import java.util.Set;

/** What a filter or prioritize call reads: the extender's cache of Nodes, IPPools, agent Leases and managed pods. */
public interface SchedulingView {

    /** The node, with its agent's Lease; empty if the cache has no such node. */
    Optional<CandidateNode> node(String name);

    PoolPlacement pool(String name);

    /**
     * Addresses of managed pods bound to the node that are not in {@code attached} (what its agent
     * reports attached), leaving out the pod with {@code exceptPodUid}: room they will take that
     * the agent's last report does not show.
     */
    int pendingAddresses(String node, String exceptPodUid, Set<String> attached);

    /** The nodes whose agents report {@code address} attached (normally at most one). */
    Set<String> holders(String address);
}
