package io.stickyip.core.fencing;

import java.time.Duration;

/**
 * The fence's durations (docs/fencing.md). {@code lease}: how long a heartbeat counts; the holder renews every
 * {@code lease/2}, removes its addresses {@code safety} before its own deadline, and a taker waits {@code margin}
 * past the holder's expiry as it observed it.
 */
public record FenceTiming(Duration lease, Duration safety, Duration margin) {

    public static final FenceTiming DEFAULT =
            new FenceTiming(Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofSeconds(10));

    public FenceTiming {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("fence lease " + lease + " must be positive");
        }
        if (safety.isNegative() || margin.isNegative() || safety.compareTo(lease.dividedBy(2)) >= 0) {
            throw new IllegalArgumentException(
                    "fence safety " + safety + " must be in [0, lease/2) and margin " + margin + " >= 0");
        }
    }

    /** Renew at half the lease. */
    public Duration renewEvery() {
        return lease.dividedBy(2);
    }

    /** Whole seconds, as a Lease's {@code spec.leaseDurationSeconds} carries it. */
    public int leaseSeconds() {
        return Math.toIntExact(lease.toSeconds());
    }
}
