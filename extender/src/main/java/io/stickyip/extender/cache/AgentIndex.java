package io.stickyip.extender.cache;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.node.AgentLeases;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' Leases, read, by node; and which nodes report each address attached. Events of one
 * informer arrive one at a time; readers see each node's report replaced whole.
 */
public final class AgentIndex implements ResourceEventHandler<Lease> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentIndex.class);

    /** By Lease name: a Lease whose node annotation changes still maps to one entry. */
    private final ConcurrentHashMap<String, Entry> byLease = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<String, AgentLeases.Read> byNode = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> holders = new ConcurrentHashMap<>();

    private record Entry(String node, AgentLeases.Read read) {}

    private volatile Consumer<String> listener = node -> {};

    /** Tells {@code listener} the name of every node whose Lease changed, after the index has it. */
    void onChange(Consumer<String> listener) {
        this.listener = listener;
    }

    @Override
    public void onAdd(Lease lease) {
        AgentLeases.Read read = AgentLeases.read(lease);
        String node = switch (read) {
            case AgentLeases.Read.Ok ok -> ok.report().node();
            case AgentLeases.Read.Unreadable u -> u.node();
        };
        Entry previous = byLease.put(lease.getMetadata().getName(), new Entry(node, read));
        if (read instanceof AgentLeases.Read.Unreadable u
                && (previous == null || !previous.read().equals(read))) {
            LOG.warn(
                    "agent lease unreadable lease={} reason=\"{}\"",
                    lease.getMetadata().getName(),
                    u.reason());
        }
        // the new report replaces the old one whole before the old one's traces go: a reader never
        // sees the node without agent in between (heartbeats update every node's Lease all the time)
        if (node != null) {
            byNode.put(node, read);
            attached(read).forEach(a -> holders.merge(a, Set.of(node), AgentIndex::union));
        }
        if (previous != null) {
            forget(previous, node == null ? Set.of() : attached(read), node);
            if (previous.node() != null && !previous.node().equals(node)) {
                listener.accept(previous.node());
            }
        }
        if (node != null) {
            listener.accept(node);
        }
    }

    @Override
    public void onUpdate(Lease oldLease, Lease lease) {
        onAdd(lease);
    }

    @Override
    public void onDelete(Lease lease, boolean unknownFinalState) {
        Entry previous = byLease.remove(lease.getMetadata().getName());
        if (previous != null) {
            forget(previous, Set.of(), null);
            if (previous.node() != null) {
                listener.accept(previous.node());
            }
        }
    }

    /** Removes what {@code entry} put, except what the entry for {@code keptNode} (if the same node) still reports. */
    private void forget(Entry entry, Set<String> kept, String keptNode) {
        if (entry.node() == null) {
            return;
        }
        boolean sameNode = entry.node().equals(keptNode);
        if (!sameNode) {
            byNode.remove(entry.node(), entry.read());
        }
        for (String a : attached(entry.read())) {
            if (!sameNode || !kept.contains(a)) {
                holders.computeIfPresent(a, (k, nodes) -> without(nodes, entry.node()));
            }
        }
    }

    private static Set<String> attached(AgentLeases.Read read) {
        return read instanceof AgentLeases.Read.Ok ok ? ok.report().attached() : Set.of();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    private static Set<String> without(Set<String> nodes, String node) {
        var out = new java.util.HashSet<>(nodes);
        out.remove(node);
        return out.isEmpty() ? null : Set.copyOf(out);
    }

    public Optional<AgentLeases.Read> get(String node) {
        return Optional.ofNullable(byNode.get(node));
    }

    public Set<String> holders(String address) {
        return holders.getOrDefault(address, Set.of());
    }

    /** The addresses the node's agent reports attached; none if it reports nothing readable. */
    public Set<String> attachedTo(String node) {
        AgentLeases.Read read = byNode.get(node);
        return read == null ? Set.of() : attached(read);
    }
}
