package io.stickyip.runtime.http;

import io.vertx.core.json.JsonObject;

/**
 * A Kubernetes {@code Status} object ({@code kind: Status, status: Failure}) as the body of a
 * refused request: what the API server and kubectl show, never a stack trace.
 */
public final class StatusBody {
    private StatusBody() {}

    public static String failure(int code, String reason, String message) {
        return new JsonObject()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("status", "Failure")
                .put("message", message)
                .put("reason", reason)
                .put("code", code)
                .encode();
    }

    /** The Kubernetes reason word of an HTTP status code. */
    public static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 503 -> "ServiceUnavailable";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
