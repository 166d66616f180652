package io.stickyip.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stickyip.core.contract.Annotations;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's extended resource {@code stickyip.io/ip}: the webhook makes every annotated pod request
 * one, so the kubelet admits such a pod only on a node that advertises it. The agent advertises its
 * capacity at start-up, as Kubernetes documents for extended resources ("Advertise Extended Resources
 * for a Node": a merge patch of the node's {@code status.capacity}; the kubelet keeps it and derives
 * {@code allocatable}); we write both, so the scheduler sees the room before the kubelet's next status.
 */
public final class ExtendedResource {
    private static final Logger LOG = LoggerFactory.getLogger(ExtendedResource.class);

    private ExtendedResource() {}

    /** The merge patch that sets {@code stickyip.io/ip} to {@code capacity} in capacity and allocatable. */
    public static String patch(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " is negative");
        }
        String q = "\"" + Annotations.EXTENDED_RESOURCE + "\":\"" + capacity + "\"";
        return "{\"status\":{\"capacity\":{" + q + "},\"allocatable\":{" + q + "}}}";
    }

    /** What the node advertises now, if anything. */
    public static Optional<Integer> advertised(Node node) {
        return Optional.ofNullable(node.getStatus())
                .map(s -> s.getCapacity())
                .map(c -> c.get(Annotations.EXTENDED_RESOURCE))
                .map(Quantity::getNumericalAmount)
                .map(n -> n.intValueExact());
    }

    /** Patches the node's status unless it advertises {@code capacity} already. */
    public static void advertise(KubernetesClient kube, String node, int capacity) {
        Node current = kube.nodes().withName(node).get();
        if (current != null && advertised(current).equals(Optional.of(capacity))) {
            LOG.info(
                    "node advertises the extended resource already node={} {}={}",
                    node,
                    Annotations.EXTENDED_RESOURCE,
                    capacity);
            return;
        }
        kube.nodes().withName(node).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch(capacity));
        LOG.info("extended resource advertised node={} {}={}", node, Annotations.EXTENDED_RESOURCE, capacity);
    }
}
