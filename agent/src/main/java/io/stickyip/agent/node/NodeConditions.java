package io.stickyip.agent.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The agent's own conditions on its Node ({@code StickyipAgentExited}, {@code StickyipNodeAddressLive}): a
 * strategic merge patch of {@code status.conditions}, merged by type, so the kubelet's own conditions are
 * untouched. A failed write is logged, never thrown: the caller writes again on its next occasion.
 */
final class NodeConditions {
    private static final Logger LOG = LoggerFactory.getLogger(NodeConditions.class);

    private NodeConditions() {}

    /** The patch body: one condition. */
    static String patch(String type, boolean status, String reason, String message, String now) {
        ObjectNode body = Serialization.jsonMapper().createObjectNode();
        ObjectNode c = body.putObject("status").putArray("conditions").addObject();
        c.put("type", type);
        c.put("status", status ? "True" : "False");
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastHeartbeatTime", now);
        c.put("lastTransitionTime", now);
        return body.toString();
    }

    /** Writes it; whether the API server took it. */
    static boolean write(
            KubernetesClient kube,
            String node,
            String type,
            boolean status,
            String reason,
            String message,
            String now) {
        try {
            kube.nodes()
                    .withName(node)
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch(type, status, reason, message, now));
            LOG.info("node condition {}={} node={} reason={}", type, status ? "True" : "False", node, reason);
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("node condition {} not written node={} error=\"{}\"", type, node, e.getMessage());
            return false;
        }
    }
}
