package io.stickyip.agent.cri;

/** The container runtime, as far as the agent needs it: pod -> ready sandbox -> network namespace. */
public interface PodSandboxes {
    SandboxLookup find(PodRef pod);
}
