package io.stickyip.webhook.admission;

import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.EnumSet;

/** RFC 6902 patches computed by a library diff of original and desired; never written by hand. */
public final class Patches {
    private Patches() { }

    /**
     * The patch from the object as received to the desired object. The desired object went
     * through the model classes, which drop unknown fields and add defaults; only the fields the
     * mutator owns may differ, so the diff is restricted to metadata.annotations, metadata.labels
     * and the spec fields stickyip sets.
     */
    public static JsonNode diff(ObjectMapper mapper, JsonNode original, JsonNode desired) {
        JsonNode target = original.deepCopy();
        ObjectNode t = (ObjectNode) target;
        ObjectNode meta = t.has("metadata") && t.get("metadata").isObject()
                ? (ObjectNode) t.get("metadata") : t.putObject("metadata");
        copy(desired.path("metadata"), meta, "annotations");
        copy(desired.path("metadata"), meta, "labels");
        ObjectNode spec = t.has("spec") && t.get("spec").isObject()
                ? (ObjectNode) t.get("spec") : t.putObject("spec");
        copy(desired.path("spec"), spec, "readinessGates");
        copy(desired.path("spec"), spec, "schedulerName");
        JsonNode wantedContainers = desired.path("spec").path("containers");
        JsonNode haveContainers = spec.path("containers");
        if (wantedContainers.isArray() && haveContainers.isArray() && !haveContainers.isEmpty() && !wantedContainers.isEmpty()) {
            ObjectNode first = (ObjectNode) haveContainers.get(0);
            copy(wantedContainers.get(0), first, "resources");
        }
        return JsonDiff.asJson(original, target, EnumSet.of(DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_MOVE_OPERATION));
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(field, v.deepCopy());
        }
    }
}
