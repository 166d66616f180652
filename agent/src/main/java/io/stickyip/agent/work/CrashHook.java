package io.stickyip.agent.work;

import io.stickyip.runtime.lifecycle.Logging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test hook that stops the agent as {@code kill -9} would, after its k-th step (a change on the node or
 * an API write: a claim, an iproute2 command that changes something, a condition, a release), so the crash
 * tests can stop it between any two steps and check that a restart converges. Off unless configured
 * ({@code STICKYIP_AGENT_CRASH_AFTER_STEPS}); {@link #OFF} never counts.
 */
public final class CrashHook {
    private static final Logger LOG = LoggerFactory.getLogger(CrashHook.class);
    public static final CrashHook OFF = new CrashHook(0);
    /** The exit status of a process killed by SIGKILL, as a shell reports it. */
    public static final int KILLED = 137;

    private final int after;
    private final AtomicInteger steps = new AtomicInteger();

    /** @param after halt after this many steps; 0: never */
    public CrashHook(int after) {
        this.after = after;
    }

    /** One step done; halts the process if it was the k-th. */
    public void step(String what) {
        if (after <= 0) {
            return;
        }
        int n = steps.incrementAndGet();
        if (n >= after) {
            LOG.warn("crash hook: halting after step {} ({}), as kill -9 would", n, what);
            Logging.flush();
            Runtime.getRuntime().halt(KILLED);
        }
    }
}
