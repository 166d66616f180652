package io.stickyip.agent.sweep;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.agent.cri.PodSandboxes;
import io.stickyip.agent.fence.FenceState;
import io.stickyip.agent.fence.OwnLease;
import io.stickyip.agent.pods.LiveSet;
import io.stickyip.agent.pods.LocalPods;
import io.stickyip.agent.pods.NodePlumbing;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.LoopTask;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start and every sweep interval: what pods left without a DEL (the agent was down, or killed between two
 * steps). In the sandboxes of pods this node does not want plumbed, every {@code sip*} link and stickyip rule;
 * on the node, proxy entries with no live routed pod behind them; in the Lease, claims no pod here wants.
 * In that order: a claim is released only once nothing can be live for it.
 */
public final class NodeSweeper implements LoopTask {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSweeper.class);

    private final LocalPods pods;
    private final Supplier<PoolCatalog> pools;
    private final NodePlumbing node;
    private final LiveSet live;
    private final OwnLease lease;

    public NodeSweeper(LocalPods pods, Supplier<PoolCatalog> pools, NodePlumbing node, LiveSet live, OwnLease lease) {
        this.pods = pods;
        this.pools = pools;
        this.node = node;
        this.live = live;
        this.lease = lease;
    }

    /**
     * At start, what an earlier agent on this node left: its claims kept (they may be live), its leftovers
     * removed (all of them when its renewal has expired), then the first renewal.
     */
    public void recover(FenceState fence, Clock clock) {
        OwnLease.Previous previous = lease.adopt();
        boolean stillHeld = fence.mayHold(clock.instant());
        LOG.info(
                "previous agent Lease attached={} renewed={} still_held={}",
                previous.attached(),
                previous.renewTime(),
                stillHeld);
        sweep(!stillHeld);
        lease.heartbeat();
    }

    @Override
    public String name() {
        return "node sweep";
    }

    @Override
    public void runOnce() {
        sweep(false);
    }

    /**
     * @param nothingWanted true at a start whose previous renewal has expired: other nodes may have taken this
     *                      node's addresses meanwhile, so everything goes and the pods take theirs again
     */
    public void sweep(boolean nothingWanted) {
        List<String> removed = new ArrayList<>();
        for (PodSandboxes.Sandbox s : node.sandboxes().list()) {
            if ((nothingWanted || !wanted(s.podUid())) && !live.involves(s.podUid())) {
                Optional<Netns> ns = node.sandboxes().netns(s.id());
                ns.ifPresent(n -> node.cleanup().leftovers().clean(n).forEach(r -> removed.add(s.podUid() + ": " + r)));
            }
        }
        node.cleanup().proxies().sweep(Netns.host(), node.lanInterface()).forEach(p -> removed.add("proxy " + p));
        Set<String> orphans;
        synchronized (live) {
            orphans = new HashSet<>(lease.claimed());
            orphans.removeAll(live.addresses());
            for (Pod p : pods.all()) {
                if (node.intent(p, pools.get()) instanceof PodIntent.Plumb plumb) {
                    orphans.removeAll(plumb.addresses());
                }
            }
            if (!orphans.isEmpty() && releasedInCloud(orphans)) {
                lease.release(orphans);
            }
        }
        if (!removed.isEmpty() || !orphans.isEmpty()) {
            LOG.info("node swept removed={} claims_released={}", removed, orphans);
        }
    }

    /** The orphans' Elastic IPs bound on this node released first (pod-level aws pools); false: try next sweep. */
    private boolean releasedInCloud(Set<String> orphans) {
        if (node.cloud().isEmpty()) {
            return true;
        }
        try {
            node.cloud().get().release(orphans, pools.get());
            return true;
        } catch (PodCloud.CloudUnavailable e) {
            LOG.warn(
                    "claims kept until their Elastic IPs are released claims={} error=\"{}\"", orphans, e.getMessage());
            return false;
        }
    }

    private boolean wanted(String uid) {
        return pods.byUid(uid)
                .map(p -> node.intent(p, pools.get()) instanceof PodIntent.Plumb)
                .orElse(false);
    }
}
