package io.stickyip.controller.pods;

import io.stickyip.runtime.kube.LoopTask;

/** {@link OccupantSweep} as a leader task. */
public record OccupantSweepTask(OccupantSweep sweep, long timeoutMillis) implements LoopTask {
    @Override
    public String name() {
        return "slot-sweep";
    }

    @Override
    public void runOnce() throws Exception {
        sweep.sweepOnce(timeoutMillis);
    }
}
