package io.stickyip.agent.fence;

import io.stickyip.runtime.kube.LoopTask;
import java.time.Clock;
import java.time.Duration;

/**
 * Self-fencing (docs/fencing.md, step 2), on a thread of its own that never waits for the API: when the
 * deadline of the last acknowledged renewal is less than {@code lead} away, every address goes (and any
 * still there, every round after); when a
 * renewal succeeds again, the pods take theirs again through the fence.
 */
public final class FenceWatchdog implements LoopTask {

    /** What fencing and resuming do to the node's pods. */
    public interface Actions {
        /** Removes every live address, links and proxies first. */
        void fenceAll();

        /** Renewed again: every pod goes through the fence again. */
        void resumeAll();
    }

    private final FenceState state;
    private final Clock clock;
    private final Duration lead;
    private final Actions actions;
    private boolean fenced;

    /** @param lead how long before the deadline the removal starts (it must be over by then) */
    public FenceWatchdog(FenceState state, Clock clock, Duration lead, Actions actions) {
        this.state = state;
        this.clock = clock;
        this.lead = lead;
        this.actions = actions;
    }

    @Override
    public String name() {
        return "self-fence watchdog";
    }

    @Override
    public void runOnce() {
        boolean mayHold = state.mayHold(clock.instant().plus(lead));
        if (!mayHold) {
            fenced = true;
            actions.fenceAll(); // every round while fenced: a removal that failed is tried again
        } else if (fenced) {
            fenced = false;
            actions.resumeAll();
        }
    }

    public boolean fenced() {
        return fenced;
    }
}
