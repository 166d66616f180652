package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads from a review's pod only what the admission reads: {@code metadata} (annotations, labels,
 * names, owners), and of the spec the readiness gates' condition types, the first container's
 * {@code resources}, {@code schedulerName}, {@code nodeName}, {@code dnsPolicy} and {@code dnsConfig}. The rest of the
 * pod (containers, volumes, ...) is never converted; the patch is written against the received tree.
 * The result is a {@link Pod} holding those fields only (the first container stands for the list:
 * the mutator reads no other).
 */
final class AdmittedPod {
    private AdmittedPod() {}

    /**
     * @param object the review's pod, with {@code metadata} and {@code spec} objects (the caller checks)
     * @throws IllegalArgumentException when metadata or spec is not an object
     * @throws RuntimeException         (Jackson's) when a read field does not fit the model
     */
    static Pod read(ObjectMapper mapper, JsonNode object) {
        JsonNode metadata = object.get("metadata");
        JsonNode spec = object.get("spec");
        if (metadata == null || !metadata.isObject() || spec == null || !spec.isObject()) {
            throw new IllegalArgumentException("metadata or spec is not an object");
        }
        PodSpec read = new PodSpec();
        read.setSchedulerName(text(spec, "schedulerName"));
        read.setNodeName(text(spec, "nodeName"));
        read.setDnsPolicy(text(spec, "dnsPolicy"));
        read.setDnsConfig(value(mapper, spec.get("dnsConfig"), PodDNSConfig.class));
        read.setReadinessGates(gates(spec.get("readinessGates")));
        JsonNode containers = spec.get("containers");
        if (containers != null && containers.isArray() && !containers.isEmpty()) {
            Container first = new Container();
            first.setResources(value(mapper, containers.get(0).get("resources"), ResourceRequirements.class));
            read.setContainers(new ArrayList<>(List.of(first)));
        }
        Pod pod = new Pod();
        pod.setMetadata(mapper.treeToValue(metadata, ObjectMeta.class));
        pod.setSpec(read);
        return pod;
    }

    private static List<PodReadinessGate> gates(JsonNode gates) {
        List<PodReadinessGate> out = new ArrayList<>();
        if (gates != null && gates.isArray()) {
            gates.forEach(g -> out.add(new PodReadinessGate(text(g, "conditionType"))));
        }
        return out;
    }

    private static <T> T value(ObjectMapper mapper, JsonNode node, Class<T> type) {
        return node == null || node.isNull() ? null : mapper.treeToValue(node, type);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? null : v.asString();
    }
}
