package io.stickyip.webhook.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds: appended by one client at a time, merged and sorted for percentiles. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return size;
    }

    /** Sorts in place; call once, after recording has stopped. */
    Latencies sorted() {
        Arrays.sort(values, 0, size);
        return this;
    }

    /** The nearest-rank percentile of a {@link #sorted()} set, in milliseconds; NaN when empty. */
    double percentileMillis(double percentile) {
        if (size == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return values[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return size == 0 ? Double.NaN : values[size - 1] / 1e6;
    }
}
