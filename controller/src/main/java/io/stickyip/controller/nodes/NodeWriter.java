package io.stickyip.controller.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.node.NodeAddressContract;
import io.stickyip.runtime.kube.EventRecorder;
import java.util.List;
import java.util.Optional;

/**
 * What the node-address controller writes onto Nodes (blocking API calls): the address
 * ({@value #ADDRESS_ANNOTATION}), the pool ({@value #POOL_LABEL}, for workloads' nodeSelector),
 * the pool's taint removed, and Events.
 */
public final class NodeWriter {
    /** The node's live Elastic IP (its public address). */
    public static final String ADDRESS_ANNOTATION = NodeAddressContract.ADDRESS_ANNOTATION;
    /** The node pool the node's live address is from. */
    public static final String POOL_LABEL = NodeAddressContract.POOL_LABEL;

    static final String NO_SCHEDULE = "NoSchedule";

    private final KubernetesClient kube;
    private final EventRecorder events;

    public NodeWriter(KubernetesClient kube, EventRecorder events) {
        this.kube = kube;
        this.events = events;
    }

    public List<Node> nodes() {
        return kube.nodes().list().getItems();
    }

    /** Annotation and label on, the pool's NoSchedule taint off (one patch computed from the Node as read). */
    public void publish(String node, String pool, String publicIp, Optional<String> taintKey) {
        edit(node, pool, publicIp, taintKey);
    }

    /** Static pools: annotation and label on, the taint kept until the agent reports the address live. */
    public void announce(String node, String pool, String address) {
        edit(node, pool, address, Optional.empty());
    }

    private void edit(String node, String pool, String publicIp, Optional<String> taintKey) {
        kube.nodes().withName(node).edit(n -> {
            List<Taint> kept = n.getSpec() == null || n.getSpec().getTaints() == null
                    ? List.of()
                    : n.getSpec().getTaints().stream()
                            .filter(t -> !(taintKey.filter(t.getKey()::equals).isPresent()
                                    && NO_SCHEDULE.equals(t.getEffect())))
                            .toList();
            return new NodeBuilder(n)
                    .editMetadata()
                    .addToAnnotations(ADDRESS_ANNOTATION, publicIp)
                    .addToLabels(POOL_LABEL, pool)
                    .endMetadata()
                    .editOrNewSpec()
                    .withTaints(kept)
                    .endSpec()
                    .build();
        });
    }

    /**
     * Release-on-exit: the Node still exists, so its annotation and label go once its address is released
     * (only if they still name this address and pool). Nothing if the Node is gone.
     */
    public void unpublish(String node, String pool, String publicIp) {
        Node n = kube.nodes().withName(node).get();
        if (n == null
                || n.getMetadata().getAnnotations() == null
                || !publicIp.equals(n.getMetadata().getAnnotations().get(ADDRESS_ANNOTATION))) {
            return;
        }
        kube.nodes().withName(node).edit(e -> {
            NodeBuilder b = new NodeBuilder(e);
            b.editMetadata().removeFromAnnotations(ADDRESS_ANNOTATION).endMetadata();
            if (e.getMetadata().getLabels() != null
                    && pool.equals(e.getMetadata().getLabels().get(POOL_LABEL))) {
                b.editMetadata().removeFromLabels(POOL_LABEL).endMetadata();
            }
            return b.build();
        });
    }

    public void event(String node, EventRecorder.Type type, String reason, String message) {
        Node about = kube.nodes().withName(node).get();
        if (about != null) {
            events.record(about, type, reason, message);
        }
    }
}
