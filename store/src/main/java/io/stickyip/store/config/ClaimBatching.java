package io.stickyip.store.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Group commit of first claims (docs/reservations.md, "Group commit"): at most {@code max} guarded
 * writes per etcd transaction, and how long a write may wait for others while a transaction is in
 * flight. A write arriving while none is in flight goes at once; {@code max} 1 turns batching off.
 */
public record ClaimBatching(int max, Duration window) {

    public static final int DEFAULT_MAX = 64;
    public static final Duration DEFAULT_WINDOW = Duration.ofNanos(200_000);
    /** A batch's own operations plus its largest write's stay within etcd's --max-txn-ops (128). */
    public static final int MAX_MAX = 100;
    /** The most {@link EtcdStoreConfig#fromEnv} accepts: a window beyond it adds latency for nothing. */
    public static final Duration MAX_WINDOW = Duration.ofMillis(10);

    public static final ClaimBatching DEFAULT = new ClaimBatching(DEFAULT_MAX, DEFAULT_WINDOW);
    public static final ClaimBatching OFF = new ClaimBatching(1, Duration.ZERO);

    public ClaimBatching {
        Objects.requireNonNull(window, "window");
        if (maxRule(max) != null) {
            throw new IllegalArgumentException("claim batch size " + max + " " + maxRule(max));
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("claim batch window " + window + " is negative");
        }
    }

    /** Null if {@code max} is a batch size. */
    static String maxRule(int max) {
        return max < 1 || max > MAX_MAX ? "is not between 1 and " + MAX_MAX : null;
    }

    /** Null if {@code window} is a batch window. */
    static String windowRule(Duration window) {
        return window.isNegative() || window.compareTo(MAX_WINDOW) > 0
                ? "is not between 0 and " + MAX_WINDOW.toMillis() + "ms"
                : null;
    }

    public boolean on() {
        return max > 1;
    }

    /** For the start-up log. */
    public String describe() {
        return on() ? "up to " + max + " claims per transaction, window " + window.toNanos() / 1000 + " us" : "off";
    }
}
