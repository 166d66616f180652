package io.stickyip.extender.scheduling;

import java.util.Map;

/** The filter's answer for one call. */
public sealed interface FilterOutcome {

    /**
     * The call as a whole fails (unknown pod or pool): the scheduler's attempt fails with this text.
     *
     * @param error the reason, naming the pod and the pool
     */
    record Error(String error) implements FilterOutcome {}

    /** @param verdicts one per candidate node, in the order the scheduler sent them (read-only view, not copied) */
    record Verdicts(Map<String, Verdict> verdicts) implements FilterOutcome {
        public Verdicts {
            verdicts = java.util.Collections.unmodifiableMap(verdicts);
        }
    }
}
