package io.stickyip.agent.work;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * {@code min(max, initial * 2^(n-1))}, so retries of many pods spread out instead of marching together.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff " + initial + ".." + max + " must have 0 < initial <= max");
        }
    }

    /** The ceiling of the n-th retry (n >= 1), before jitter. */
    public Duration ceiling(int n) {
        long base = initial.toNanos();
        int shift = Math.min(Math.max(n - 1, 0), 40);
        long d = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofNanos(Math.min(d, max.toNanos()));
    }

    /** The n-th retry's delay, in [ceiling/2, ceiling]. */
    public Duration delay(int n, RandomGenerator random) {
        long c = ceiling(n).toNanos();
        long half = c / 2;
        return Duration.ofNanos(half + (half == 0 ? 0 : random.nextLong(c - half + 1)));
    }
}
