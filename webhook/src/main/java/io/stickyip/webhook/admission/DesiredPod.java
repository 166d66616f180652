package io.stickyip.webhook.admission;

import io.stickyip.core.admission.PodEdit;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pod the mutator's {@link PodEdit}s describe, as a JSON tree: each edit applied to a copy of the
 * pod as received (fields the model classes do not know kept). {@link Patches} diffs it against the
 * received pod. Also says which members an edit touches ({@link #path}), so the diff can list the
 * changes in the order the mutator made them.
 */
final class DesiredPod {
    private DesiredPod() {}

    /** Applies {@code edit} to {@code pod} (a copy; parents made where missing). */
    static void apply(ObjectNode pod, PodEdit edit) {
        switch (edit) {
            case PodEdit.SetAnnotation a ->
                object(pod, "metadata", "annotations").put(a.key(), a.value());
            case PodEdit.RemoveAnnotation r -> removed(pod, r.key(), "metadata", "annotations");
            case PodEdit.SetLabel l -> object(pod, "metadata", "labels").put(l.key(), l.value());
            case PodEdit.AddReadinessGate g ->
                array(object(pod, "spec"), "readinessGates").addObject().put("conditionType", g.conditionType());
            case PodEdit.SetResource r ->
                object(container(pod, r.container()), "resources", r.which().field())
                        .put(r.name(), r.quantity());
            case PodEdit.SetSchedulerName s -> object(pod, "spec").put("schedulerName", s.name());
            case PodEdit.SetDnsPolicy p -> object(pod, "spec").put("dnsPolicy", p.policy());
            case PodEdit.SetDnsList l ->
                list(
                        pod,
                        l.which().field(),
                        l.values().stream()
                                .map(pod::stringNode)
                                .map(JsonNode.class::cast)
                                .toList());
            case PodEdit.SetDnsOptions o ->
                list(
                        pod,
                        "options",
                        o.options().stream().map(opt -> option(pod, opt)).toList());
        }
    }

    /** The members {@code edit} writes, outermost first (an array's element as its index). */
    static List<String> path(PodEdit edit) {
        return switch (edit) {
            case PodEdit.SetAnnotation a -> List.of("metadata", "annotations", a.key());
            case PodEdit.RemoveAnnotation r -> List.of("metadata", "annotations", r.key());
            case PodEdit.SetLabel l -> List.of("metadata", "labels", l.key());
            case PodEdit.AddReadinessGate g -> List.of("spec", "readinessGates");
            case PodEdit.SetResource r ->
                List.of(
                        "spec",
                        "containers",
                        Integer.toString(r.container()),
                        "resources",
                        r.which().field(),
                        r.name());
            case PodEdit.SetSchedulerName s -> List.of("spec", "schedulerName");
            case PodEdit.SetDnsPolicy p -> List.of("spec", "dnsPolicy");
            case PodEdit.SetDnsList l -> List.of("spec", "dnsConfig", l.which().field());
            case PodEdit.SetDnsOptions o -> List.of("spec", "dnsConfig", "options");
        };
    }

    /** A {@code dnsConfig} list; an empty list is no list: the field goes, as the model writes no empty list. */
    private static void list(ObjectNode pod, String field, List<JsonNode> values) {
        if (values.isEmpty()) {
            removed(pod, field, "spec", "dnsConfig");
        } else {
            object(pod, "spec", "dnsConfig").putArray(field).addAll(values);
        }
    }

    /** Removes {@code field} from the object at {@code parents}, making no parent: what is not there needs no removal. */
    private static void removed(ObjectNode pod, String field, String... parents) {
        JsonNode at = pod;
        for (String parent : parents) {
            at = at.get(parent);
            if (!(at instanceof ObjectNode)) {
                return;
            }
        }
        ((ObjectNode) at).remove(field);
    }

    private static JsonNode option(ObjectNode factory, PodEdit.DnsOption option) {
        ObjectNode node = factory.objectNode();
        if (option.name() != null) {
            node.put("name", option.name());
        }
        if (option.value() != null) {
            node.put("value", option.value());
        }
        return node;
    }

    private static ObjectNode container(ObjectNode pod, int index) {
        return (ObjectNode) array(object(pod, "spec"), "containers").get(index);
    }

    /** The object at {@code fields} under {@code node}, made (or made in place of a non-object) where missing. */
    private static ObjectNode object(ObjectNode node, String... fields) {
        ObjectNode at = node;
        for (String field : fields) {
            at = at.get(field) instanceof ObjectNode o ? o : at.putObject(field);
        }
        return at;
    }

    private static ArrayNode array(ObjectNode node, String field) {
        return node.get(field) instanceof ArrayNode a ? a : node.putArray(field);
    }
}
