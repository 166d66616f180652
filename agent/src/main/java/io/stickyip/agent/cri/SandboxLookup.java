package io.stickyip.agent.cri;

import io.stickyip.core.plumbing.Netns;
import java.time.Instant;
import java.util.List;

/** Where a pod's sandbox is, or why it cannot be said now (the agent retries, and reports the reason). */
public sealed interface SandboxLookup {
    /**
     * The ready sandbox and its network namespace.
     *
     * @param createdAt when the runtime created it (its CRI {@code created_at})
     * @param podIps    the sandbox's own (CNI) addresses, as the runtime reports them
     */
    record Found(String sandboxId, Netns netns, Instant createdAt, List<String> podIps) implements SandboxLookup {
        public Found {
            podIps = List.copyOf(podIps);
        }
    }

    /** No ready sandbox for the pod (not created yet, or being torn down). */
    record NotReady(String reason) implements SandboxLookup {}

    /** The runtime did not answer, or answered something without a network namespace. */
    record Unavailable(String reason) implements SandboxLookup {}
}
