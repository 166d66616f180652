package io.stickyip.controller.gc;

import io.stickyip.runtime.kube.LoopTask;

/** {@link ReservationCollector} as a leader task. */
public record CollectorTask(ReservationCollector collector, long timeoutMillis) implements LoopTask {
    @Override
    public String name() {
        return "reservation-gc";
    }

    @Override
    public void runOnce() throws Exception {
        collector.collectOnce(timeoutMillis);
    }
}
