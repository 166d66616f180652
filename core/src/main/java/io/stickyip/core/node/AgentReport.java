package io.stickyip.core.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a node's agent publishes about its node (docs/node-agent-lease.md): alive until
 * {@code renewTime + leaseDuration}, how many more pod addresses the node can carry, which
 * addresses are attached to the node now.
 *
 * @param node          the node's name
 * @param holder        the agent instance that writes it (Lease {@code holderIdentity})
 * @param renewTime     its last heartbeat
 * @param leaseDuration how long a heartbeat counts
 * @param freeAddresses how many more pod addresses the node can carry, as of the last write
 * @param attached      addresses attached to the node now, canonical text
 */
public record AgentReport(
        String node,
        String holder,
        Instant renewTime,
        Duration leaseDuration,
        int freeAddresses,
        SortedSet<String> attached) {

    public AgentReport {
        Objects.requireNonNull(node);
        Objects.requireNonNull(holder);
        Objects.requireNonNull(renewTime);
        Objects.requireNonNull(leaseDuration);
        if (freeAddresses < 0) {
            throw new IllegalArgumentException("freeAddresses " + freeAddresses + " < 0");
        }
        attached = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(attached));
    }

    /** True while the last heartbeat counts: {@code now < renewTime + leaseDuration}. */
    public boolean aliveAt(Instant now) {
        return now.isBefore(expiresAt());
    }

    public Instant expiresAt() {
        return renewTime.plus(leaseDuration);
    }

    /** The same report with a new heartbeat. */
    public AgentReport renewedAt(Instant now) {
        return new AgentReport(node, holder, now, leaseDuration, freeAddresses, attached);
    }
}
