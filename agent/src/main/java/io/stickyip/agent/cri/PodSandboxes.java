package io.stickyip.agent.cri;

import io.stickyip.core.plumbing.Netns;
import java.util.List;
import java.util.Optional;

/** The container runtime, as far as the agent needs it: pod -> ready sandbox -> network namespace. */
public interface PodSandboxes {
    SandboxLookup find(PodRef pod);

    /** Every sandbox the runtime has, ready or not (the sweep looks into those of pods gone). */
    List<Sandbox> list();

    /** A sandbox's network namespace, if it has one that still exists. */
    Optional<Netns> netns(String sandboxId);

    /** A sandbox as listed: its id, its pod's UID (kubelet's label) and whether it is ready. */
    record Sandbox(String id, String podUid, boolean ready) {}
}
