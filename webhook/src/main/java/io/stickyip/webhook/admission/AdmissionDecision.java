package io.stickyip.webhook.admission;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** The outcome of one admission, before it is encoded as an AdmissionReview response. */
public sealed interface AdmissionDecision {

    List<String> warnings();

    /** Admit unchanged. */
    record Allow(List<String> warnings) implements AdmissionDecision {
        public static Allow unchanged() {
            return new Allow(List.of());
        }
    }

    /** Admit with an RFC 6902 JSON Patch. */
    record Patch(JsonNode patch, List<String> warnings) implements AdmissionDecision {}

    /** Refuse; {@code message} names annotation, value and rule; {@code code} is the HTTP-like status shown to the user. */
    record Deny(String message, int code, List<String> warnings) implements AdmissionDecision {
        public static Deny policy(String message) {
            return new Deny(message, 403, List.of());
        }

        public static Deny unavailable(String message) {
            return new Deny(message, 503, List.of());
        }
    }
}
