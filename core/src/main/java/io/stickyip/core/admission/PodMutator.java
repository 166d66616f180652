package io.stickyip.core.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

/**
 * Computes the desired pod from the original and its assignment; the webhook diffs the two into
 * a JSON Patch. Idempotent: mutating an already mutated pod changes nothing.
 */
public final class PodMutator {
    private PodMutator() { }

    /**
     * @param schedulerName a dedicated scheduler to route the pod to, if one is configured
     */
    public static Pod desired(Pod original, Assignment assignment, Optional<String> schedulerName) {
        return desired(original, assignment, schedulerName, Optional.empty());
    }

    /**
     * @param schedulerName a dedicated scheduler to route the pod to, if one is configured
     * @param dns           the pod's DNS from its pools ({@link PodDns#merge}), if any pool gives DNS
     */
    public static Pod desired(Pod original, Assignment assignment, Optional<String> schedulerName, Optional<PodDns.Settings> dns) {
        Pod pod = new PodBuilder(original).build();
        Map<String, String> annotations = new LinkedHashMap<>(
                pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations());
        annotations.put(RESERVED_IP, String.join(",", assignment.addresses()));
        annotations.put(RESERVED_POOL, String.join(",", assignment.pools().stream().distinct().toList()));
        annotations.put(WORKLOAD, assignment.workload().key());
        annotations.put(SLOT, Integer.toString(assignment.slot()));
        annotations.remove(CLAIM);
        if (!assignment.claim().isEmpty()) {
            annotations.put(CLAIM, assignment.claim());
        }
        // absent in the assignment means absent on the pod, not a value left from a copied pod
        annotations.remove(PREFIX_LENGTH);
        annotations.remove(GATEWAY);
        assignment.prefixLength().ifPresent(p -> annotations.put(PREFIX_LENGTH, Integer.toString(p)));
        assignment.gateway().ifPresent(g -> annotations.put(GATEWAY, g));
        pod.getMetadata().setAnnotations(annotations);

        Map<String, String> labels = new LinkedHashMap<>(
                pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
        labels.put(MANAGED_LABEL, "true");
        pod.getMetadata().setLabels(labels);

        List<PodReadinessGate> gates = new ArrayList<>(
                pod.getSpec().getReadinessGates() == null ? List.of() : pod.getSpec().getReadinessGates());
        if (gates.stream().noneMatch(g -> READY_CONDITION.equals(g.getConditionType()))) {
            gates.add(new PodReadinessGate(READY_CONDITION));
        }
        pod.getSpec().setReadinessGates(gates);
        if (pod.getSpec().getContainers() != null && !pod.getSpec().getContainers().isEmpty()) {
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

    /** Extended resources cannot be overcommitted: request and limit must be equal. */
    private static void requestExtendedResource(Container container) {
        ResourceRequirements resources = container.getResources() == null ? new ResourceRequirements() : container.getResources();
        Map<String, Quantity> requests = new LinkedHashMap<>(resources.getRequests() == null ? Map.of() : resources.getRequests());
        Map<String, Quantity> limits = new LinkedHashMap<>(resources.getLimits() == null ? Map.of() : resources.getLimits());
        requests.put(EXTENDED_RESOURCE, new Quantity("1"));
        limits.put(EXTENDED_RESOURCE, new Quantity("1"));
        resources.setRequests(requests);
        resources.setLimits(limits);
        container.setResources(resources);
    }
}
