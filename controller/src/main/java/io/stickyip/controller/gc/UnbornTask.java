package io.stickyip.controller.gc;

import io.stickyip.runtime.kube.LoopTask;
import java.time.Duration;

/** {@link UnbornCollector} as a leader task, run every {@link #interval(Duration)} of the unborn grace. */
public record UnbornTask(UnbornCollector collector, long timeoutMillis) implements LoopTask {

    /** A third of the grace, at least a second: an unborn slot is given back at most a third of the grace late. */
    public static Duration interval(Duration grace) {
        Duration third = grace.dividedBy(3);
        return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
    }

    @Override
    public String name() {
        return "unborn-gc";
    }

    @Override
    public void runOnce() throws Exception {
        collector.collectOnce(timeoutMillis);
    }
}
