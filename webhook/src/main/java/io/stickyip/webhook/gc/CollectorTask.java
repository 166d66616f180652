package io.stickyip.webhook.gc;

/** {@link ReservationCollector} as a leader task. */
public record CollectorTask(ReservationCollector collector, long timeoutMillis) implements LeaderTask {
    @Override
    public String name() {
        return "reservation-gc";
    }

    @Override
    public void runOnce() throws Exception {
        collector.collectOnce(timeoutMillis);
    }
}
