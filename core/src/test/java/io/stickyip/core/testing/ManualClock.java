package io.stickyip.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The tests' one clock that stands still until the test moves it (or, {@link #ticking}, moves a fixed step at each
 * read); UTC, safe to read from other threads.
 */
public final class ManualClock extends Clock {
    private final Duration tick;
    private Instant now;

    public ManualClock(Instant start) {
        this(start, Duration.ZERO);
    }

    private ManualClock(Instant start, Duration tick) {
        this.now = start;
        this.tick = tick;
    }

    /** A clock that moves {@code tick} further at each read: the first read is {@code start + tick}. */
    public static ManualClock ticking(Instant start, Duration tick) {
        return new ManualClock(start, tick);
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(tick);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** UTC only: {@code withZone(UTC)} is this clock, any other zone is refused. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("tests use UTC, not " + zone);
    }
}
