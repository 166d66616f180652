package io.stickyip.agent.cri;

import io.stickyip.core.plumbing.Netns;

/** Where a pod's sandbox is, or why it cannot be said now (the agent retries, and reports the reason). */
public sealed interface SandboxLookup {
    /** The ready sandbox and its network namespace. */
    record Found(String sandboxId, Netns netns) implements SandboxLookup { }

    /** No ready sandbox for the pod (not created yet, or being torn down). */
    record NotReady(String reason) implements SandboxLookup { }

    /** The runtime did not answer, or answered something without a network namespace. */
    record Unavailable(String reason) implements SandboxLookup { }
}
