package io.stickyip.controller.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.stickyip.core.cloud.aws.ProviderIds;
import io.stickyip.core.node.AgentExit;
import io.stickyip.core.node.NodeAddressContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the node-address controller decides on about one Node: its labels, its EC2 instance (from
 * {@code spec.providerID}), the address and pool it was given ({@link NodeWriter#ADDRESS_ANNOTATION},
 * {@link NodeWriter#POOL_LABEL}), the keys of its NoSchedule taints, and whether its agent said it was
 * terminated for good ({@link AgentExit}: release-on-exit).
 */
public record NodeFacts(
        String name,
        Map<String, String> labels,
        Optional<String> instanceId,
        Optional<String> annotatedAddress,
        Set<String> noScheduleTaints,
        boolean agentExited,
        Optional<String> liveStaticAddress) {

    public NodeFacts {
        labels = Map.copyOf(labels);
        noScheduleTaints = Set.copyOf(noScheduleTaints);
    }

    public NodeFacts(
            String name,
            Map<String, String> labels,
            Optional<String> instanceId,
            Optional<String> annotatedAddress,
            Set<String> noScheduleTaints) {
        this(name, labels, instanceId, annotatedAddress, noScheduleTaints, false, Optional.empty());
    }

    public static NodeFacts of(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null
                ? Map.of()
                : node.getMetadata().getAnnotations();
        String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of()
                : node.getSpec().getTaints();
        return new NodeFacts(
                node.getMetadata().getName(),
                labels,
                ProviderIds.awsInstance(providerId),
                Optional.ofNullable(annotations.get(NodeWriter.ADDRESS_ANNOTATION)),
                taints.stream()
                        .filter(t -> NodeWriter.NO_SCHEDULE.equals(t.getEffect()))
                        .map(Taint::getKey)
                        .collect(Collectors.toSet()),
                agentExited(node),
                liveStatic(node));
    }

    public NodeFacts(
            String name,
            Map<String, String> labels,
            Optional<String> instanceId,
            Optional<String> annotatedAddress,
            Set<String> noScheduleTaints,
            boolean agentExited) {
        this(name, labels, instanceId, annotatedAddress, noScheduleTaints, agentExited, Optional.empty());
    }

    /** Static node pools: the address the agent reports on the node ({@link NodeAddressContract#LIVE_CONDITION}). */
    private static Optional<String> liveStatic(Node node) {
        return trueCondition(node, NodeAddressContract.LIVE_CONDITION)
                .map(NodeCondition::getMessage)
                .filter(m -> m != null && !m.isBlank());
    }

    /** The node's condition of this type, if its status is True. */
    private static Optional<NodeCondition> trueCondition(Node node, String type) {
        List<NodeCondition> conditions =
                node.getStatus() == null || node.getStatus().getConditions() == null
                        ? List.of()
                        : node.getStatus().getConditions();
        return conditions.stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    /** The agent said it was terminated for good ({@link AgentExit#CONDITION} is True). */
    private static boolean agentExited(Node node) {
        return trueCondition(node, AgentExit.CONDITION).isPresent();
    }

    /** Whether every label of the selector is on the node (an empty selector selects every node). */
    public boolean matches(Map<String, String> selector) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Whether the node carries exactly this address and this pool's label, and not the taint. */
    public boolean shows(String publicIp, String pool, Optional<String> taintKey) {
        return annotatedAddress.filter(publicIp::equals).isPresent()
                && pool.equals(labels.get(NodeWriter.POOL_LABEL))
                && taintKey.filter(noScheduleTaints::contains).isEmpty();
    }
}
