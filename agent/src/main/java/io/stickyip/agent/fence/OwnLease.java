package io.stickyip.agent.fence;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * This node's agent Lease (docs/node-agent-lease.md) as the fence writes it (docs/fencing.md): an address is
 * claimed ({@code stickyip.io/attached}) before it is plumbed and released only after it was unplumbed, so the
 * list covers what is live. Writes happen on a claim or release not yet written and, otherwise, when
 * {@link AgentLeases#due} says a heartbeat is due: at most one write per period plus one per change. Claims
 * made while a write is on its way go out together in the next one. Every acknowledged write is a renewal
 * for {@link FenceState}, dated when it was sent.
 */
public final class OwnLease {

    /** What a previous agent on this node left in the Lease. */
    public record Previous(SortedSet<String> attached, Optional<Instant> renewTime) {}

    private final LeaseApi api;
    private final String namespace;
    private final String node;
    private final String holder;
    private final Runnable afterWrite;
    private final Duration renewEvery;
    private final int capacity;
    private final Clock clock;
    private final FenceState fence;
    private final Object writeLock = new Object();
    private final TreeSet<String> wanted = new TreeSet<>();
    private volatile AgentLeases.Read current;
    private volatile SortedSet<String> acknowledged = Collections.emptySortedSet();
    private volatile long writes;

    /** @param afterWrite told after each acknowledged write (a step: {@link io.stickyip.agent.work.Steps}) */
    public OwnLease(
            LeaseApi api, Owner owner, LeaseSettings settings, Clock clock, FenceState fence, Runnable afterWrite) {
        this.api = api;
        this.namespace = owner.namespace();
        this.node = owner.node();
        this.holder = owner.holder();
        this.afterWrite = afterWrite;
        this.renewEvery = settings.renewEvery();
        this.capacity = settings.capacity();
        this.clock = clock;
        this.fence = fence;
        this.current = new AgentLeases.Read.Unreadable(node, "not read yet");
    }

    /** Heartbeat period (at most the fence's lease / 2) and the node's address capacity. */
    public record LeaseSettings(Duration renewEvery, int capacity) {}

    /** Where the Lease is, whose node it is about, and which agent instance writes it. */
    public record Owner(String namespace, String node, String holder) {}

    /**
     * Reads what the Lease holds now and keeps its claims (they may be live here). A renewal of the previous
     * agent whose deadline is still ahead still counts: a quick restart keeps the addresses live.
     */
    public Previous adopt() {
        Optional<Lease> lease = api.get(AgentLeases.name(node));
        if (lease.isEmpty()) {
            return new Previous(Collections.emptySortedSet(), Optional.empty());
        }
        AgentLeases.Read read = AgentLeases.read(lease.get());
        current = read;
        if (!(read instanceof AgentLeases.Read.Ok(AgentReport report))) {
            return new Previous(Collections.emptySortedSet(), Optional.empty());
        }
        synchronized (this) {
            wanted.addAll(report.attached());
        }
        acknowledged = Collections.unmodifiableSortedSet(new TreeSet<>(report.attached()));
        FenceTiming t = fence.timing();
        if (clock.instant().isBefore(report.renewTime().plus(t.lease()).minus(t.safety()))) {
            fence.renewed(report.renewTime());
        }
        return new Previous(acknowledged, Optional.of(report.renewTime()));
    }

    /** The claim would list more than {@link AgentLeases#MAX_ATTACHED} addresses: nothing was claimed. */
    public static final class Full extends RuntimeException {
        Full(String message) {
            super(message);
        }
    }

    /**
     * Adds the addresses to the Lease; returns once a write holding them was acknowledged.
     *
     * @throws Full when the Lease would list more than {@link AgentLeases#MAX_ATTACHED} addresses
     */
    public void claim(Collection<String> addresses) {
        synchronized (this) {
            TreeSet<String> next = new TreeSet<>(wanted);
            next.addAll(addresses);
            if (next.size() > AgentLeases.MAX_ATTACHED) {
                throw new Full("node " + node + " holds " + wanted.size() + " addresses, at most "
                        + AgentLeases.MAX_ATTACHED + " may be listed in its agent Lease: " + String.join(",", addresses)
                        + " waits until others leave");
            }
            wanted.addAll(addresses);
        }
        writeUnless(ack -> ack.containsAll(addresses));
    }

    /** Removes the addresses from the Lease (call only once they are unplumbed and read back). */
    public void release(Collection<String> addresses) {
        synchronized (this) {
            wanted.removeAll(addresses);
        }
        writeUnless(ack -> Collections.disjoint(ack, addresses) || wantedContainsAny(addresses));
    }

    /** Writes when a heartbeat is due or the Lease differs from what it should say. */
    public void heartbeat() {
        synchronized (writeLock) {
            Instant now = clock.instant();
            if (AgentLeases.due(current, report(now, wantedNow()), now, renewEvery)) {
                write();
            }
        }
    }

    /** The addresses claimed (written or about to be). */
    public synchronized SortedSet<String> claimed() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(wanted));
    }

    public long writes() {
        return writes;
    }

    private synchronized boolean wantedContainsAny(Collection<String> addresses) {
        return addresses.stream().anyMatch(wanted::contains);
    }

    private synchronized SortedSet<String> wantedNow() {
        return new TreeSet<>(wanted);
    }

    private void writeUnless(Predicate<Set<String>> alreadyThere) {
        synchronized (writeLock) {
            if (!alreadyThere.test(acknowledged)) {
                write();
            }
        }
    }

    private void write() {
        Instant sentAt = clock.instant();
        SortedSet<String> snapshot = wantedNow();
        Lease stored = api.apply(AgentLeases.toLease(namespace, report(sentAt, snapshot)));
        current = AgentLeases.read(stored);
        acknowledged = Collections.unmodifiableSortedSet(snapshot);
        writes++;
        fence.renewed(sentAt);
        afterWrite.run();
    }

    private AgentReport report(Instant at, SortedSet<String> attached) {
        return new AgentReport(
                node, holder, at, fence.timing().lease(), Math.max(0, capacity - attached.size()), attached);
    }
}
