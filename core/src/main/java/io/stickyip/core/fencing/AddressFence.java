package io.stickyip.core.fencing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * May this node make an address live? Pure decision over what it has observed (docs/fencing.md):
 * <ol>
 *   <li>the node first publishes its claim (the address in its own heartbeat object), then re-reads the others
 *       with a quorum read and calls this;</li>
 *   <li>an address listed by another node is taken only when that node released it (no longer lists it) or its
 *       heartbeat has not changed for a whole lease plus a margin, on this node's clock;</li>
 *   <li>when two nodes both claim and both are alive, the one whose name sorts later yields its claim, so
 *       exactly one waits for the other and nobody livelocks.</li>
 * </ol>
 */
public final class AddressFence {

    /** The outcome for one address. */
    public sealed interface Decision {
        /** No other live node holds it: plumb it. */
        record Take() implements Decision {}

        /** {@code holder} lists it and is alive: wait for its release (or its expiry at {@code expiresAt}). */
        record WaitForRelease(String holder, Instant expiresAt) implements Decision {}

        /** Both claim it and {@code holder} wins the tie: withdraw our claim, then wait. */
        record Yield(String holder) implements Decision {}

        /** This node may not hold addresses now (its own heartbeat is not renewed). */
        record SelfFenced() implements Decision {}
    }

    private final FenceTiming timing;

    public AddressFence(FenceTiming timing) {
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /**
     * @param self      this node's name
     * @param address   the address to make live here (already published as our claim)
     * @param own       this node's self-fence (is our own heartbeat fresh?)
     * @param observed  the others' heartbeats as this node saw them (its own entry is ignored)
     * @param now       this node's clock
     */
    public Decision decide(String self, String address, SelfFence own, HeartbeatTracker observed, Instant now) {
        if (!own.mayHold(now)) {
            return new Decision.SelfFenced();
        }
        List<HeartbeatTracker.Observed> holders = observed.all().values().stream()
                .filter(o -> !o.node().equals(self) && o.attached().contains(address))
                .filter(o -> now.isBefore(takeableAt(o)))
                .sorted(Comparator.comparing(HeartbeatTracker.Observed::node))
                .toList();
        if (holders.isEmpty()) {
            return new Decision.Take();
        }
        HeartbeatTracker.Observed first = holders.getFirst();
        if (self.compareTo(first.node()) > 0) {
            return new Decision.Yield(first.node());
        }
        return new Decision.WaitForRelease(first.node(), takeableAt(first));
    }

    /** When a silent holder's addresses may be taken: a whole lease after its last change was seen, plus the margin. */
    public Instant takeableAt(HeartbeatTracker.Observed o) {
        return o.seenAt().plus(timing.lease()).plus(timing.margin());
    }
}
