package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The response review, as the API server reads it (k8s.io/api/admission/v1 AdmissionResponse). */
class AdmissionReviewsTest {
    static final ObjectMapper MAPPER = Serialization.jsonMapper();
    final AdmissionReviews reviews = new AdmissionReviews(MAPPER);

    private JsonNode respond(AdmissionDecision decision) {
        return MAPPER.readTree(reviews.respond("uid-1", decision));
    }

    @Test
    void anAllowIsTheUidAndAllowedAlone() {
        assertThat(respond(AdmissionDecision.Allow.unchanged())).isEqualTo(MAPPER.readTree("""
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"uid-1","allowed":true}}"""));
    }

    @Test
    void aPatchIsBase64JsonPatchWithItsWarnings() {
        JsonNode patch = MAPPER.readTree("[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"a\":\"b\"}}]");
        JsonNode response = respond(new AdmissionDecision.Patch(patch, List.of("stickyip: dry run, nothing reserved")))
                .path("response");

        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.path("patchType").asString()).isEqualTo("JSONPatch");
        assertThat(MAPPER.readTree(new String(
                        Base64.getDecoder().decode(response.path("patch").asString()), StandardCharsets.UTF_8)))
                .isEqualTo(patch);
        assertThat(response.path("warnings")).isEqualTo(MAPPER.readTree("[\"stickyip: dry run, nothing reserved\"]"));
        assertThat(response.has("status")).isFalse();
    }

    @Test
    void aDenialCarriesCodeReasonAndMessage() {
        JsonNode policy = respond(AdmissionDecision.Deny.policy("stickyip.io/ip: 10.0.0.300 is not an IP address"))
                .path("response");
        JsonNode unavailable =
                respond(AdmissionDecision.Deny.unavailable("etcd down")).path("response");

        assertThat(policy.path("allowed").asBoolean(true)).isFalse();
        assertThat(policy.path("status").path("code").asInt()).isEqualTo(403);
        assertThat(policy.path("status").path("reason").asString()).isEqualTo("Forbidden");
        assertThat(policy.path("status").path("message").asString())
                .isEqualTo("stickyip.io/ip: 10.0.0.300 is not an IP address");
        assertThat(policy.has("patch")).isFalse();
        assertThat(policy.has("warnings")).isFalse();
        assertThat(unavailable.path("status").path("code").asInt()).isEqualTo(503);
        assertThat(unavailable.path("status").path("reason").asString()).isEqualTo("ServiceUnavailable");
    }
}
