package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.stickyip.runtime.http.StatusBody;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Decodes AdmissionReview v1 requests and encodes responses (wire format: k8s.io/api/admission/v1). */
public final class AdmissionReviews {
    public static final String API_VERSION = "admission.k8s.io/v1";

    private final ObjectMapper mapper;

    public AdmissionReviews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ParsedReview parse(byte[] body) throws MalformedReviewException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedReviewException("body is not JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedReviewException("body is not a JSON object");
        }
        String apiVersion = root.path("apiVersion").asString("");
        if (!API_VERSION.equals(apiVersion)) {
            throw new MalformedReviewException("apiVersion is '" + apiVersion + "', expected " + API_VERSION);
        }
        if (!"AdmissionReview".equals(root.path("kind").asString(""))) {
            throw new MalformedReviewException(
                    "kind is '" + root.path("kind").asString("") + "', expected AdmissionReview");
        }
        JsonNode request = root.get("request");
        if (request == null || !request.isObject()) {
            throw new MalformedReviewException("request is missing");
        }
        String uid = text(request, "uid");
        if (uid.isEmpty()) {
            throw new MalformedReviewException("request.uid is missing");
        }
        JsonNode kind = request.path("kind");
        if (!kind.isObject()
                || text(kind, "kind").isEmpty()
                || text(kind, "version").isEmpty()) {
            throw new MalformedReviewException("request.kind is missing (group, version, kind)");
        }
        String operation = text(request, "operation");
        if (operation.isEmpty()) {
            throw new MalformedReviewException("request.operation is missing");
        }
        JsonNode object = request.get("object");
        if ((operation.equals("CREATE") || operation.equals("UPDATE")) && (object == null || !object.isObject())) {
            throw new MalformedReviewException("request.object is missing for " + operation);
        }
        return new ParsedReview(
                uid,
                text(kind, "group"),
                text(kind, "version"),
                text(kind, "kind"),
                operation,
                text(request, "namespace"),
                text(request, "name"),
                request.path("dryRun").asBoolean(false),
                object);
    }

    /** The response review for a decision, as JSON bytes: fabric8's {@link AdmissionReview} model, written by the mapper. */
    public byte[] respond(String uid, AdmissionDecision decision) {
        AdmissionResponseBuilder response = new AdmissionResponseBuilder().withUid(uid);
        switch (decision) {
            case AdmissionDecision.Allow a -> response.withAllowed(true);
            case AdmissionDecision.Patch p ->
                response.withAllowed(true)
                        .withPatchType("JSONPatch")
                        .withPatch(Base64.getEncoder().encodeToString(mapper.writeValueAsBytes(p.patch())));
            case AdmissionDecision.Deny d ->
                response.withAllowed(false)
                        .withStatus(new StatusBuilder()
                                .withCode(d.code())
                                .withMessage(d.message())
                                .withReason(d.code() == 503 ? "ServiceUnavailable" : "Forbidden")
                                .build());
        }
        if (!decision.warnings().isEmpty()) {
            response.withWarnings(decision.warnings());
        }
        AdmissionReview review = new AdmissionReviewBuilder()
                .withApiVersion(API_VERSION)
                .withKind("AdmissionReview")
                .withResponse(response.build())
                .build();
        return mapper.writeValueAsBytes(review);
    }

    /** A 400 body: a plain status object, never a stack trace. */
    public byte[] badRequest(String message) {
        return status(400, "BadRequest", message);
    }

    /** A plain {@code v1 Status} failure body with this code, reason and message (runtime's {@link StatusBody}). */
    public byte[] status(int code, String reason, String message) {
        return StatusBody.failure(code, reason, message).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? "" : v.asString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
