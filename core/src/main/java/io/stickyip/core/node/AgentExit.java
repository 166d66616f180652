package io.stickyip.core.node;

import java.util.Set;

/**
 * Release-on-exit (KubeIP's {@code RELEASE_ON_EXIT}): how a node's agent tells the node-address
 * controller that it was terminated for good, so the node's address goes back to its pool while the
 * Node object still exists. The agent sets the Node condition {@value #CONDITION} to {@code True} when
 * it stops on a node that is going away ({@link #goingAway}), and back to {@code False} when it starts;
 * a plain restart (a DaemonSet rollout, a crash) leaves it {@code False}, so the node keeps its address.
 */
public final class AgentExit {
    /** The Node condition type the agent writes. */
    public static final String CONDITION = "StickyipAgentExited";
    /** Reason when the agent stopped on a node going away. */
    public static final String REASON_EXITED = "TerminatedForGood";
    /** Reason when the agent runs. */
    public static final String REASON_RUNNING = "AgentRunning";

    /** Taints that say a node is being removed: the cluster autoscaler's, Karpenter's, and out-of-service. */
    public static final Set<String> REMOVAL_TAINTS = Set.of(
            "ToBeDeletedByClusterAutoscaler",
            "karpenter.sh/disrupted",
            "karpenter.sh/disruption",
            "node.kubernetes.io/out-of-service");

    private AgentExit() {}

    /**
     * Whether a stopping agent's node is going away: cordoned (a drain), being deleted, or carrying a
     * removal taint. A node that is merely restarting its agent is none of these.
     */
    public static boolean goingAway(boolean unschedulable, boolean deleting, Set<String> taintKeys) {
        return unschedulable || deleting || taintKeys.stream().anyMatch(REMOVAL_TAINTS::contains);
    }
}
