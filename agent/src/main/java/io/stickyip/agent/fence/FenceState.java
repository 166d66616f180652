package io.stickyip.agent.fence;

import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.fencing.SelfFence;
import java.time.Instant;
import java.util.Optional;

/**
 * The node's own side of the fence, shared by the Lease writer (which reports acknowledged renewals), the
 * watchdog (which removes the addresses when the deadline comes) and the pods' reconciles (which take only
 * while it holds). Never blocks: its lock guards only memory, never an API call.
 */
public final class FenceState {
    private final FenceTiming timing;
    private final SelfFence fence;
    private Instant lastRenewSent;

    public FenceState(FenceTiming timing) {
        this.timing = timing;
        this.fence = new SelfFence(timing);
    }

    /** A renewal sent at {@code sentAt} was acknowledged. */
    public synchronized void renewed(Instant sentAt) {
        fence.renewed(sentAt);
        if (lastRenewSent == null || sentAt.isAfter(lastRenewSent)) {
            lastRenewSent = sentAt;
        }
    }

    public synchronized boolean mayHold(Instant now) {
        return fence.mayHold(now);
    }

    /** By when every address must be gone without a further renewal; empty before the first renewal. */
    public synchronized Optional<Instant> deadline() {
        return Optional.ofNullable(fence.deadline());
    }

    /** A copy for {@code AddressFence.decide} (which reads it once). */
    public synchronized SelfFence snapshot() {
        SelfFence copy = new SelfFence(timing);
        if (lastRenewSent != null) {
            copy.renewed(lastRenewSent);
        }
        return copy;
    }

    public FenceTiming timing() {
        return timing;
    }
}
