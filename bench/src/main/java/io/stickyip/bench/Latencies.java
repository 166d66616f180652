package io.stickyip.bench;

import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, in an HdrHistogram (three significant digits, up to an hour): one per client while it
 * records, merged for the report. Not thread-safe: each client records into its own and the report {@link #add}s them.
 */
public final class Latencies {
    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private final Histogram histogram = new Histogram(1, HOUR_NANOS, 3);

    public void record(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(nanos, HOUR_NANOS)));
    }

    public void add(Latencies other) {
        histogram.add(other.histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0 to 100) in milliseconds; NaN when nothing was recorded. */
    public double percentileMillis(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
    }

    public double maxMillis() {
        return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1e6;
    }

    public double meanMillis() {
        return count() == 0 ? Double.NaN : histogram.getMean() / 1e6;
    }
}
