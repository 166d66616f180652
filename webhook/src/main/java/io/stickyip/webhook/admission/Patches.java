package io.stickyip.webhook.admission;

import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.stickyip.core.admission.PodEdit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RFC 6902 JSON Patch that makes the pod as received carry the mutator's {@link PodEdit}s: the
 * desired pod ({@link DesiredPod}, the edits applied to a copy of the received tree) diffed against
 * it by zjsonpatch ({@link JsonDiff}: adds, removes and replaces, no copies or moves). So fields the
 * model classes do not know are kept, keys are escaped by the library, and a missing parent is
 * added whole. Two normalizations of the received tree change no path: a {@code null} member counts
 * as missing (it is added, as the API server reads {@code null} as absent), and the members the edits
 * touch are compared first, in edit order, so the patch lists the changes as the mutator made them.
 * Elements added at the end of an array are appended ({@code /-}).
 */
public final class Patches {
    private static final EnumSet<DiffFlags> FLAGS =
            EnumSet.of(DiffFlags.OMIT_VALUE_ON_REMOVE, DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_MOVE_OPERATION);

    private Patches() {}

    /** The patch that makes {@code received} carry {@code edits}; empty when there are none. */
    public static ArrayNode of(JsonNode received, List<PodEdit> edits, JsonNodeFactory nodes) {
        if (edits.isEmpty() || !(received instanceof ObjectNode pod)) {
            return nodes.arrayNode();
        }
        ObjectNode source = withoutNulls(pod.deepCopy());
        editedFirst(source, edits);
        ObjectNode desired = source.deepCopy();
        edits.forEach(edit -> DesiredPod.apply(desired, edit));
        return appended((ArrayNode) JsonDiff.asJson(source, desired, FLAGS), source);
    }

    private static ObjectNode withoutNulls(ObjectNode node) {
        List<String> nulls = new ArrayList<>();
        node.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            } else {
                children(e.getValue());
            }
        });
        nulls.forEach(node::remove);
        return node;
    }

    private static void children(JsonNode value) {
        if (value instanceof ObjectNode o) {
            withoutNulls(o);
        } else if (value instanceof ArrayNode a) {
            a.forEach(Patches::children);
        }
    }

    /** Reorders each object on the edits' paths: the members they touch first, in the order first touched. */
    private static void editedFirst(ObjectNode source, List<PodEdit> edits) {
        Map<ObjectNode, Set<String>> touched = new IdentityHashMap<>();
        List<ObjectNode> objects = new ArrayList<>();
        for (PodEdit edit : edits) {
            JsonNode at = source;
            for (String member : DesiredPod.path(edit)) {
                if (at instanceof ObjectNode o) {
                    touched.computeIfAbsent(o, k -> {
                                objects.add(k);
                                return new LinkedHashSet<>();
                            })
                            .add(member);
                }
                at = at == null ? null : at instanceof ArrayNode a ? a.get(Integer.parseInt(member)) : at.get(member);
            }
        }
        for (ObjectNode o : objects) {
            Map<String, JsonNode> all = new LinkedHashMap<>();
            o.properties().forEach(e -> all.put(e.getKey(), e.getValue()));
            o.removeAll();
            touched.get(o).stream().filter(all::containsKey).forEach(k -> o.set(k, all.remove(k)));
            all.forEach(o::set);
        }
    }

    /**
     * An array that only grows at its end gets its elements appended ({@code /-}, as the API server
     * applies it to the object it sent) rather than at an index.
     */
    private static ArrayNode appended(ArrayNode ops, ObjectNode source) {
        Map<String, Boolean> growsOnly = new LinkedHashMap<>();
        for (JsonNode op : ops) {
            String path = op.get("path").asString();
            String parent = path.substring(0, Math.max(0, path.lastIndexOf('/')));
            String last = path.substring(path.lastIndexOf('/') + 1);
            JsonNode array = source.at(parent);
            if (array.isArray()) {
                boolean append = op.get("op").asString().equals("add")
                        && last.matches("\\d+")
                        && Integer.parseInt(last) >= array.size();
                growsOnly.merge(parent, append, Boolean::logicalAnd);
            }
        }
        for (JsonNode op : ops) {
            String path = op.get("path").asString();
            String parent = path.substring(0, Math.max(0, path.lastIndexOf('/')));
            if (growsOnly.getOrDefault(parent, false)) {
                ((ObjectNode) op).put("path", parent + "/-");
            }
        }
        return ops;
    }
}
