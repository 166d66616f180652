package io.stickyip.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.core.node.AgentExit;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release-on-exit, the agent's half ({@link AgentExit}): at start the Node condition
 * {@value AgentExit#CONDITION} is set False; when the agent stops on a node that is going away (cordoned
 * for a drain, being deleted, a removal taint) it is set True, and the node-address controller releases
 * the node's address for pools with {@code releaseOnExit}. A stop on a node that stays (a rollout, a
 * crash, a SIGTERM from a restart) leaves it False: the node keeps its address. A strategic merge patch
 * of {@code status.conditions} (merged by type: the kubelet's own conditions are untouched).
 */
public final class ExitSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ExitSignal.class);

    private final KubernetesClient kube;
    private final String node;
    private final Clock clock;

    public ExitSignal(KubernetesClient kube, String node, Clock clock) {
        this.kube = kube;
        this.node = node;
        this.clock = clock;
    }

    /** At start: the agent runs (the node may get its address back). */
    public void running() {
        write(false, AgentExit.REASON_RUNNING, "stickyip-agent runs on this node");
    }

    /** At stop: True only if the node is going away; returns what was written (empty if nothing). */
    public boolean stopping() {
        Node n;
        try {
            n = kube.nodes().withName(node).get();
        } catch (KubernetesClientException e) {
            LOG.warn("release-on-exit not signalled: node {} could not be read error=\"{}\"", node, e.getMessage());
            return false;
        }
        if (n == null || !goingAway(n)) {
            LOG.info("agent stops; node {} stays, its address is kept", node);
            return false;
        }
        write(
                true,
                AgentExit.REASON_EXITED,
                "stickyip-agent was terminated on a node going away (cordoned, deleted or "
                        + "tainted for removal): node pools with releaseOnExit release its address");
        return true;
    }

    static boolean goingAway(Node n) {
        boolean unschedulable =
                n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
        List<Taint> taints = n.getSpec() == null || n.getSpec().getTaints() == null
                ? List.of()
                : n.getSpec().getTaints();
        Set<String> keys = taints.stream().map(Taint::getKey).collect(Collectors.toSet());
        return AgentExit.goingAway(unschedulable, n.getMetadata().getDeletionTimestamp() != null, keys);
    }

    /** The patch body: one condition, merged by type. */
    static String patch(boolean exited, String reason, String message, String now) {
        return NodeConditions.patch(AgentExit.CONDITION, exited, reason, message, now);
    }

    private void write(boolean exited, String reason, String message) {
        NodeConditions.write(
                kube,
                node,
                AgentExit.CONDITION,
                exited,
                reason,
                message,
                clock.instant().toString());
    }
}
