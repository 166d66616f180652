package io.stickyip.store.claim;

import java.util.concurrent.atomic.LongAdder;

/** How claims went to etcd, counted by the store: which first round trip, and how many guarded writes lost. */
public final class ClaimPaths {
    final LongAdder readFirst = new LongAdder();
    final LongAdder writeFirst = new LongAdder();
    final LongAdder guardFailed = new LongAdder();

    /** The counts at one moment. */
    public record Counts(long readFirst, long writeFirst, long guardFailed) {}

    public Counts counts() {
        return new Counts(readFirst.sum(), writeFirst.sum(), guardFailed.sum());
    }
}
