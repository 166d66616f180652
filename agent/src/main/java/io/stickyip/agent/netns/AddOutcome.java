package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Step;
import java.util.List;

/** What ADD did. Part of the agent's report: the reason names the step and carries the command's stderr. */
public sealed interface AddOutcome {

    /** Every step is in place and was read back; {@code applied} were changed now, {@code present} already there. */
    record Live(int applied, int present) implements AddOutcome {}

    /**
     * The kernel lacks what the step needs (iproute2: "Unknown device type", e.g. ipvlan on this machine).
     * Nothing is left behind. The agent reports {@link #REASON} on the pod and the pool.
     */
    record FeatureMissing(String feature, Step step, String stderr) implements AddOutcome {
        public static final String REASON = "KernelFeatureMissing";

        public String message() {
            return "the node's kernel has no " + feature + " (" + stderr.strip() + ")";
        }
    }

    /** The request cannot be planned (bad pool or pod data); nothing was touched. */
    record Refused(String reason) implements AddOutcome {
        public static final String REASON = "PlumbingRefused";
    }

    /** A step failed; the steps this ADD had applied were undone ({@code undoFailures} lists what could not be). */
    record Failed(Step step, String reason, List<String> undoFailures) implements AddOutcome {
        public static final String REASON = "PlumbingFailed";
    }
}
