package io.stickyip.webhook.admission;

import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.fabric8.zjsonpatch.JsonPatch;
import tools.jackson.databind.JsonNode;

import java.util.EnumSet;

/**
 * RFC 6902 patches computed by a library diff, never written by hand, and knowing nothing of which
 * fields a mutator touches.
 *
 * <p>The model classes drop fields they do not know and fill in defaults, so the received object
 * and the desired one cannot be compared directly. Both sides of the diff are therefore the model's
 * view: the received object as the model read it, and the desired object the mutator made from it.
 * What the model changed cancels out; what remains is exactly the mutator's work. The patch is then
 * applied to the object as received, which proves it applies there (the API server applies it to
 * that object, unknown fields included).
 */
public final class Patches {
    private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_MOVE_OPERATION);

    private Patches() { }

    /**
     * @param received the object as it came in the review (raw JSON)
     * @param read     the same object as the model read it ({@code mapper.valueToTree(pod)})
     * @param desired  what the mutator wants, through the same model
     * @throws IllegalStateException if the patch does not apply to the received object (a bug, never
     *                               a user's error: the admission then fails closed)
     */
    public static JsonNode diff(JsonNode received, JsonNode read, JsonNode desired) {
        JsonNode patch = JsonDiff.asJson(read, desired, FLAGS);
        try {
            JsonPatch.apply(patch, received);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the patch " + patch + " does not apply to the received object: " + e.getMessage(), e);
        }
        return patch;
    }
}
