package io.stickyip.controller.gc;

/**
 * Whether the API server shows a pod, from a fresh read (never only a cache). Blocking: run it on a
 * worker thread. An API error propagates: when unsure, nothing is given back.
 */
public interface PodLookup {

    /** A pass of lookups: each namespace is read at most once per pass, at its first lookup. */
    Pass pass();

    /** The lookups of one pass. */
    interface Pass {
        /**
         * Whether a pod of the namespace has this name (when {@code podName} is not empty) or carries
         * this claim token ({@code stickyip.io/claim}), whatever its state.
         */
        boolean exists(String namespace, String podName, String claimToken);
    }
}
