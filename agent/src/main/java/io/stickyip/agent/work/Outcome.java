package io.stickyip.agent.work;

import java.time.Duration;

/** What a reconcile of one key asks of the queue. */
public sealed interface Outcome {
    /** Nothing more to do until the key changes. */
    record Done() implements Outcome {}

    /** Look again after {@code delay} (a known wait: a holder's expiry, a sandbox not ready yet). */
    record After(Duration delay, String why) implements Outcome {}

    /** Not possible yet, no failure (a sandbox being created): look again with backoff and jitter. */
    record Poll(String why) implements Outcome {}

    /** It failed: retry with backoff and jitter ({@code step} names what failed, for metrics and logs). */
    record Failed(String step, String why) implements Outcome {}

    static Outcome done() {
        return new Done();
    }
}
