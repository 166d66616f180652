package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.PodMutator;
import io.stickyip.core.workload.WorkloadRef;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchesTest {
    static final ObjectMapper MAPPER = Serialization.jsonMapper();
    static final Assignment ASSIGNMENT = new Assignment(new WorkloadRef("shop", "deployment", "db"), 1,
            List.of("10.77.0.10"), List.of("demo"), OptionalInt.of(24), Optional.of("10.77.0.1"));

    /** As the API server sends it: fields the model classes do not know, defaults the model would add left out. */
    static final String RECEIVED = """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"db-7d4b9c8f5-x2x9q","namespace":"shop","annotations":{"stickyip.io/pool":"demo"},
                         "labels":{"app":"db"},"aFieldFromTheFuture":{"keep":"me"}},
             "spec":{"containers":[{"name":"db","image":"registry.example/db:1","resources":{"requests":{"cpu":"500m"}},
                                    "unknownContainerField":true},
                                   {"name":"sidecar","image":"registry.example/sidecar:1"}],
                     "readinessGates":[{"conditionType":"example.com/other"}],
                     "somethingNewInSpec":[1,2,3]}}
            """;

    static JsonNode received() {
        return MAPPER.readTree(RECEIVED);
    }

    static JsonNode patchFor(Pod desired) {
        JsonNode received = received();
        Pod read = MAPPER.treeToValue(received, Pod.class);
        return Patches.diff(received, MAPPER.valueToTree(read), MAPPER.valueToTree(desired));
    }

    static List<String> paths(JsonNode patch) {
        return StreamSupport.stream(patch.spliterator(), false).map(op -> op.get("op").asString() + " " + op.get("path").asString()).toList();
    }

    @Test
    void thePatchIsExactlyTheMutatorsWorkAndKeepsWhatTheModelDoesNotKnow() {
        Pod read = MAPPER.treeToValue(received(), Pod.class);
        JsonNode patch = patchFor(PodMutator.desired(read, ASSIGNMENT, Optional.of("stickyip-scheduler")));

        assertThat(paths(patch)).containsExactlyInAnyOrder(
                "add /metadata/annotations/stickyip.io~1reserved-ip",
                "add /metadata/annotations/stickyip.io~1reserved-pool",
                "add /metadata/annotations/stickyip.io~1workload",
                "add /metadata/annotations/stickyip.io~1slot",
                "add /metadata/annotations/stickyip.io~1prefix-length",
                "add /metadata/annotations/stickyip.io~1gateway",
                "add /metadata/labels/stickyip.io~1managed",
                "add /spec/readinessGates/1",
                "add /spec/containers/0/resources/requests/stickyip.io~1ip",
                "add /spec/containers/0/resources/limits",
                "add /spec/schedulerName");
        JsonNode patched = JsonPatch.apply(patch, received());
        assertThat(patched.at("/metadata/aFieldFromTheFuture/keep").asString()).isEqualTo("me");
        assertThat(patched.at("/spec/containers/0/unknownContainerField").asBoolean()).isTrue();
        assertThat(patched.at("/spec/somethingNewInSpec")).hasSize(3);
        assertThat(patched.at("/spec/containers/0/resources/requests/cpu").asString()).isEqualTo("500m");
        assertThat(patched.at("/metadata/annotations/stickyip.io~1reserved-ip").asString()).isEqualTo("10.77.0.10");
    }

    @Test
    void aMutationThePatchStepWasNeverToldAboutIsInThePatch() {
        Pod read = MAPPER.treeToValue(received(), Pod.class);
        Pod desired = new PodBuilder(PodMutator.desired(read, ASSIGNMENT, Optional.empty()))
                .editSpec().addToTolerations(new Toleration("NoSchedule", "stickyip.io/ip", "Exists", null, null))
                .withPriorityClassName("fixed-address").endSpec().build();

        assertThat(paths(patchFor(desired))).contains("add /spec/tolerations", "add /spec/priorityClassName");
    }

    @Test
    void anUnchangedPodIsAnEmptyPatch() {
        assertThat(patchFor(MAPPER.treeToValue(received(), Pod.class))).isEmpty();
    }

    @Test
    void aPatchThatDoesNotApplyToTheReceivedObjectIsABugNotAPatch() {
        JsonNode received = MAPPER.readTree("{\"metadata\":{\"name\":\"p\"}}");
        JsonNode read = MAPPER.readTree("{\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\"}}}");
        JsonNode desired = MAPPER.readTree("{\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\",\"c\":\"d\"}}}");

        assertThatThrownBy(() -> Patches.diff(received, read, desired)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not apply to the received object");
    }
}
