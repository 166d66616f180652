package io.stickyip.extender.scheduling;

import io.stickyip.core.node.AgentLeases;

import java.util.Optional;
import java.util.Set;

/** What a filter or prioritize call reads: the extender's cache of Nodes, IPPools, agent Leases and managed pods. */
public interface SchedulingView {

    Optional<CandidateNode> node(String name);

    PoolPlacement pool(String name);

    /** The node's agent Lease, read; empty if the node has none. */
    Optional<AgentLeases.Read> agent(String node);

    /**
     * Addresses of managed pods bound to the node that are not in {@code attached} (what its agent
     * reports attached), leaving out the pod with {@code exceptPodUid}: room they will take that
     * the agent's last report does not show.
     */
    int pendingAddresses(String node, String exceptPodUid, Set<String> attached);

    /** The nodes whose agents report {@code address} attached (normally at most one). */
    Set<String> holders(String address);
}
