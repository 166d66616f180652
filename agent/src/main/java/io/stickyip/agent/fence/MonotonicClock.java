package io.stickyip.agent.fence;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The wall clock read once at start, then advanced by {@link System#nanoTime()}: a step of the system clock
 * (NTP, an admin) never moves the fence's deadlines (docs/fencing.md: only clock rates matter, never offsets).
 */
public final class MonotonicClock extends Clock {
    private final Instant base;
    private final long baseNanos;

    public MonotonicClock() {
        this.base = Instant.now();
        this.baseNanos = System.nanoTime();
    }

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the fence's clock is UTC only");
    }
}
