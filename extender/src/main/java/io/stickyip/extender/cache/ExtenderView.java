package io.stickyip.extender.cache;

import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.extender.scheduling.CandidateNode;
import io.stickyip.extender.scheduling.PoolPlacement;
import io.stickyip.extender.scheduling.SchedulingView;
import java.util.Optional;
import java.util.Set;

/** The extender's view, made of what its informers keep: Nodes, IPPools, agent Leases, managed pods. */
public final class ExtenderView implements SchedulingView {
    private final NodeIndex nodes;
    private final PoolPlacements pools;
    private final AgentIndex agents;
    private final BoundPodIndex pods;

    public ExtenderView(NodeIndex nodes, PoolPlacements pools, AgentIndex agents, BoundPodIndex pods) {
        this.nodes = nodes;
        this.pools = pools;
        this.agents = agents;
        this.pods = pods;
    }

    public PoolCatalog catalog() {
        return pools.catalog();
    }

    @Override
    public Optional<CandidateNode> node(String name) {
        return nodes.get(name);
    }

    @Override
    public PoolPlacement pool(String name) {
        return pools.placement(name);
    }

    @Override
    public int pendingAddresses(String node, String exceptPodUid, Set<String> attached) {
        return pods.pending(node, exceptPodUid, attached);
    }

    @Override
    public Set<String> holders(String address) {
        return agents.holders(address);
    }
}
