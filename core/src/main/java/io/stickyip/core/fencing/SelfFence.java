package io.stickyip.core.fencing;

import java.time.Instant;
import java.util.Objects;

/**
 * The local node's side: when to renew its heartbeat, and when it must have removed every address because it
 * could not. Pure: the caller passes the time (a monotonic clock mapped to {@link Instant}) and tells it when
 * a renewal succeeded, giving the time the renewal was <em>sent</em> (never the answer's time: a slow answer
 * must not extend the deadline).
 */
public final class SelfFence {

    /** What the node must do now. */
    public sealed interface Decision {
        /** Renew at {@code at} (now or later); addresses may stay. */
        record RenewAt(Instant at) implements Decision {}

        /** The deadline has come without a renewal: remove every address now and attach nothing until renewed. */
        record Fenced(Instant since) implements Decision {}
    }

    private final FenceTiming timing;
    private Instant lastRenewSent;

    public SelfFence(FenceTiming timing) {
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /** A renewal sent at {@code sentAt} was acknowledged. Older acknowledgements do not move the deadline back. */
    public void renewed(Instant sentAt) {
        if (lastRenewSent == null || sentAt.isAfter(lastRenewSent)) {
            lastRenewSent = sentAt;
        }
    }

    /** The time by which every address must be gone without a further renewal; null before the first renewal. */
    public Instant deadline() {
        return lastRenewSent == null ? null : lastRenewSent.plus(timing.lease()).minus(timing.safety());
    }

    /** May the node attach (or keep) addresses at {@code now}? Only with a renewal whose deadline is ahead. */
    public boolean mayHold(Instant now) {
        return lastRenewSent != null && now.isBefore(deadline());
    }

    public Decision decide(Instant now) {
        if (lastRenewSent == null) {
            return new Decision.Fenced(now);
        }
        if (!now.isBefore(deadline())) {
            return new Decision.Fenced(deadline());
        }
        Instant next = lastRenewSent.plus(timing.renewEvery());
        return new Decision.RenewAt(next.isAfter(now) ? next : now);
    }
}
