package io.stickyip.agent.work;

/**
 * Told after each step the node agent takes that changes something outside the process (a Lease write, a pod's
 * condition written, an iproute2 command that changes the node or a pod), with what it was. The agent runs with
 * {@link #NONE}; the crash tests hand in one that stops the process after its k-th step, as {@code kill -9}
 * would, and check that a restart converges. Those live in test code only: {@code agent/src/test}
 * ({@code AgentCrashIT}) and the {@code stickyip-agent-testing} artifact, never in the agent's jar.
 */
@FunctionalInterface
public interface Steps {
    /** Tells no one: what the agent runs with. */
    Steps NONE = what -> {};

    /** One step is done; {@code what} names it (the command line, {@code lease write}, {@code condition}). */
    void done(String what);
}
