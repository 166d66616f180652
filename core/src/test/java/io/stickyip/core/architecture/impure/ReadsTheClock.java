package io.stickyip.core.architecture.impure;

import java.time.Instant;

/** Breaks the purity rule: reads the system clock. */
public final class ReadsTheClock {
    public boolean expired(Instant deadline) {
        return Instant.now().isAfter(deadline);
    }
}
