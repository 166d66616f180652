package io.stickyip.agent.fence;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.fencing.HeartbeatTracker;
import io.stickyip.core.fencing.NodeHeartbeat;
import io.stickyip.core.fencing.SelfFence;
import io.stickyip.core.node.AgentLeases;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this node has seen of the other nodes' Leases ({@link HeartbeatTracker}, on this node's clock), fed by
 * the Lease informer and by the consistent read a take makes; and the decision over it ({@link AddressFence}).
 * A deleted Lease is not a release: it counts as one more change of that node's heartbeat, keeping the
 * addresses it last listed, so they are taken only a whole lease plus the margin later (its node may be cut
 * off with them still live).
 */
public final class PeerLeases implements ResourceEventHandler<Lease> {
    private final String self;
    private final AddressFence fence;
    private final Clock clock;
    private final Runnable changed;
    private final HeartbeatTracker tracker = new HeartbeatTracker();
    private final Map<String, Set<String>> lastAttached = new HashMap<>();

    /** @param changed told after another node's Lease changed (pods waiting for a release look again) */
    public PeerLeases(String self, AddressFence fence, Clock clock, Runnable changed) {
        this.self = self;
        this.fence = fence;
        this.clock = clock;
        this.changed = changed;
    }

    @Override
    public void onAdd(Lease lease) {
        if (observe(lease)) {
            changed.run();
        }
    }

    @Override
    public void onUpdate(Lease before, Lease lease) {
        if (observe(lease)) {
            changed.run();
        }
    }

    @Override
    public void onDelete(Lease lease, boolean unknownFinalState) {
        String node = nodeOf(lease);
        if (node != null && !node.equals(self)) {
            synchronized (this) {
                tracker.observe(
                        new NodeHeartbeat(
                                node,
                                "deleted/" + lease.getMetadata().getResourceVersion(),
                                lastAttached.getOrDefault(node, Set.of())),
                        clock.instant());
            }
            changed.run();
        }
    }

    /** Observes every Lease of a consistent read; a node missing from it is treated as deleted. */
    public synchronized void refresh(List<Lease> all) {
        Set<String> seen = new HashSet<>();
        for (Lease l : all) {
            observe(l);
            String node = nodeOf(l);
            if (node != null) {
                seen.add(node);
            }
        }
        for (String node : Set.copyOf(lastAttached.keySet())) {
            if (!seen.contains(node) && !node.equals(self)) {
                String version = tracker.get(node)
                        .map(HeartbeatTracker.Observed::version)
                        .orElse("");
                if (!version.startsWith("deleted/")) {
                    tracker.observe(
                            new NodeHeartbeat(node, "deleted/" + version, lastAttached.get(node)), clock.instant());
                }
            }
        }
    }

    public synchronized AddressFence.Decision decide(String address, SelfFence own) {
        return fence.decide(self, address, own, tracker, clock.instant());
    }

    /** When a node's addresses may be taken if it stays silent (a whole lease plus the margin after its last change). */
    public synchronized java.util.Optional<java.time.Instant> takeableAt(String node) {
        return tracker.get(node).map(fence::takeableAt);
    }

    /** Whether another node lists the address now (for logs and tests). */
    public synchronized boolean listedElsewhere(String address) {
        return lastAttached.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(self) && e.getValue().contains(address));
    }

    private synchronized boolean observe(Lease lease) {
        String node = nodeOf(lease);
        if (node == null || node.equals(self)) {
            return false;
        }
        Set<String> attached = switch (AgentLeases.read(lease)) {
            case AgentLeases.Read.Ok ok -> Set.copyOf(ok.report().attached());
            // unreadable: keep what it last said (a garbled Lease releases nothing)
            case AgentLeases.Read.Unreadable u -> lastAttached.getOrDefault(node, Set.of());
        };
        lastAttached.put(node, attached);
        tracker.observe(new NodeHeartbeat(node, lease.getMetadata().getResourceVersion(), attached), clock.instant());
        return true;
    }

    private static String nodeOf(Lease lease) {
        Map<String, String> a = lease.getMetadata().getAnnotations();
        return a == null ? null : a.get(AgentLeases.NODE);
    }
}
