package io.stickyip.webhook.admission;

import static io.stickyip.core.contract.Annotations.CLAIM;
import static io.stickyip.core.contract.Annotations.EXTENDED_RESOURCE;
import static io.stickyip.core.contract.Annotations.GATEWAY;
import static io.stickyip.core.contract.Annotations.MANAGED_LABEL;
import static io.stickyip.core.contract.Annotations.PREFIX_LENGTH;
import static io.stickyip.core.contract.Annotations.READY_CONDITION;
import static io.stickyip.core.contract.Annotations.RESERVED_IP;
import static io.stickyip.core.contract.Annotations.RESERVED_POOL;
import static io.stickyip.core.contract.Annotations.SLOT;
import static io.stickyip.core.contract.Annotations.WORKLOAD;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.PodDns;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Test side, the oracle: the patch as the webhook made it before edits (main at 97559c5): the whole
 * review object read into a fabric8 {@link Pod}, the desired pod built from it by the old
 * {@code PodMutator.desired}, and the two model trees diffed by zjsonpatch. Copied, not shared,
 * so that the production path (the edits applied to the received tree, then diffed) stays apart from it.
 */
final class DiffOracle {
    private static final EnumSet<DiffFlags> FLAGS =
            EnumSet.of(DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_MOVE_OPERATION);

    private DiffOracle() {}

    static JsonNode patch(
            ObjectMapper mapper,
            JsonNode received,
            Assignment assignment,
            Optional<String> schedulerName,
            Optional<PodDns.Settings> dns) {
        Pod read = mapper.treeToValue(received, Pod.class);
        Pod desired = desired(read, assignment, schedulerName, dns);
        return JsonDiff.asJson(mapper.valueToTree(read), mapper.valueToTree(desired), FLAGS);
    }

    /** The old {@code PodMutator.desired}, unchanged. */
    static Pod desired(
            Pod original, Assignment assignment, Optional<String> schedulerName, Optional<PodDns.Settings> dns) {
        Pod pod = new PodBuilder(original).build();
        Map<String, String> annotations = new LinkedHashMap<>(
                pod.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : pod.getMetadata().getAnnotations());
        annotations.put(RESERVED_IP, String.join(",", assignment.addresses()));
        annotations.put(
                RESERVED_POOL,
                String.join(",", assignment.pools().stream().distinct().toList()));
        annotations.put(WORKLOAD, assignment.workload().key());
        annotations.put(SLOT, Integer.toString(assignment.slot()));
        annotations.remove(CLAIM);
        if (!assignment.claim().isEmpty()) {
            annotations.put(CLAIM, assignment.claim());
        }
        annotations.remove(PREFIX_LENGTH);
        annotations.remove(GATEWAY);
        assignment.prefixLength().ifPresent(p -> annotations.put(PREFIX_LENGTH, Integer.toString(p)));
        assignment.gateway().ifPresent(g -> annotations.put(GATEWAY, g));
        pod.getMetadata().setAnnotations(annotations);

        Map<String, String> labels = new LinkedHashMap<>(
                pod.getMetadata().getLabels() == null
                        ? Map.of()
                        : pod.getMetadata().getLabels());
        labels.put(MANAGED_LABEL, "true");
        pod.getMetadata().setLabels(labels);

        List<PodReadinessGate> gates = new ArrayList<>(
                pod.getSpec().getReadinessGates() == null
                        ? List.of()
                        : pod.getSpec().getReadinessGates());
        if (gates.stream().noneMatch(g -> READY_CONDITION.equals(g.getConditionType()))) {
            gates.add(new PodReadinessGate(READY_CONDITION));
        }
        pod.getSpec().setReadinessGates(gates);
        if (pod.getSpec().getContainers() != null
                && !pod.getSpec().getContainers().isEmpty()) {
            requestExtendedResource(pod.getSpec().getContainers().getFirst());
        }
        schedulerName.ifPresent(pod.getSpec()::setSchedulerName);
        dns.ifPresent(d -> {
            pod.getSpec().setDnsConfig(d.config());
            if (d.dnsPolicy() != null) {
                pod.getSpec().setDnsPolicy(d.dnsPolicy());
            }
        });
        return pod;
    }

    private static void requestExtendedResource(Container container) {
        ResourceRequirements resources =
                container.getResources() == null ? new ResourceRequirements() : container.getResources();
        Map<String, Quantity> requests =
                new LinkedHashMap<>(resources.getRequests() == null ? Map.of() : resources.getRequests());
        Map<String, Quantity> limits =
                new LinkedHashMap<>(resources.getLimits() == null ? Map.of() : resources.getLimits());
        requests.put(EXTENDED_RESOURCE, new Quantity("1"));
        limits.put(EXTENDED_RESOURCE, new Quantity("1"));
        resources.setRequests(requests);
        resources.setLimits(limits);
        container.setResources(resources);
    }
}
