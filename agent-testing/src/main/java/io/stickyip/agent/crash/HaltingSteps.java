package io.stickyip.agent.crash;

import io.stickyip.agent.work.Steps;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's {@link Steps} for the real-node crash tests: after the k-th step that counts (every step, or those
 * whose description matches a pattern), the process stops as {@code kill -9} would stop it. Test support only:
 * it lives in {@code stickyip-agent-testing}, never in the agent's jar.
 */
final class HaltingSteps implements Steps {
    private static final Logger LOG = LoggerFactory.getLogger(HaltingSteps.class);

    private final int after;
    private final Pattern counted;
    private final IntConsumer halt;
    private final AtomicInteger steps = new AtomicInteger();

    /**
     * @param after   stop after this many counted steps (at least 1)
     * @param counted the steps that count: those whose description this finds something in
     * @param halt    what stops the process, given the number of the step ({@link CrashingAgent#halt} outside tests)
     */
    HaltingSteps(int after, Pattern counted, IntConsumer halt) {
        if (after < 1) {
            throw new IllegalArgumentException("after must be at least 1: " + after);
        }
        this.after = after;
        this.counted = counted;
        this.halt = halt;
    }

    @Override
    public void done(String what) {
        if (!counted.matcher(what).find()) {
            return;
        }
        int n = steps.incrementAndGet();
        if (n == after) {
            LOG.warn("crash hook: halting after step {} ({}), as kill -9 would", n, what);
            halt.accept(n);
        }
    }
}
