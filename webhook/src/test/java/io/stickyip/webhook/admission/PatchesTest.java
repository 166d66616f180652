package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.PodEdit;
import io.stickyip.core.admission.PodMutator;
import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class PatchesTest {
    static final ObjectMapper MAPPER = Serialization.jsonMapper();
    static final Assignment ASSIGNMENT = new Assignment(
            new WorkloadRef("shop", "deployment", "db"),
            1,
            List.of("10.77.0.10"),
            List.of("demo"),
            OptionalInt.of(24),
            Optional.of("10.77.0.1"));

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

    static JsonNode tree(String json) {
        return MAPPER.readTree(json);
    }

    static JsonNode patch(JsonNode received, List<PodEdit> edits) {
        return Patches.of(received, edits, MAPPER.getNodeFactory());
    }

    static List<String> paths(JsonNode patch) {
        return StreamSupport.stream(patch.spliterator(), false)
                .map(op -> op.get("op").asString() + " " + op.get("path").asString())
                .toList();
    }

    @Test
    void thePatchIsExactlyTheMutatorsWorkAndKeepsWhatTheModelDoesNotKnow() {
        JsonNode received = tree(RECEIVED);
        List<PodEdit> edits =
                PodMutator.edits(AdmittedPod.read(MAPPER, received), ASSIGNMENT, Optional.of("stickyip-scheduler"));
        JsonNode patch = patch(received, edits);

        assertThat(paths(patch))
                .containsExactly(
                        "add /metadata/annotations/stickyip.io~1reserved-ip",
                        "add /metadata/annotations/stickyip.io~1reserved-pool",
                        "add /metadata/annotations/stickyip.io~1workload",
                        "add /metadata/annotations/stickyip.io~1slot",
                        "add /metadata/annotations/stickyip.io~1prefix-length",
                        "add /metadata/annotations/stickyip.io~1gateway",
                        "add /metadata/labels/stickyip.io~1managed",
                        "add /spec/readinessGates/-",
                        "add /spec/containers/0/resources/requests/stickyip.io~1ip",
                        "add /spec/containers/0/resources/limits",
                        "add /spec/schedulerName");
        JsonNode patched = JsonPatch.apply(patch, received);
        assertThat(patched.at("/metadata/aFieldFromTheFuture/keep").asString()).isEqualTo("me");
        assertThat(patched.at("/spec/containers/0/unknownContainerField").asBoolean())
                .isTrue();
        assertThat(patched.at("/spec/somethingNewInSpec")).hasSize(3);
        assertThat(patched.at("/spec/containers/0/resources/requests/cpu").asString())
                .isEqualTo("500m");
        assertThat(patched.at("/spec/containers/0/resources/limits/stickyip.io~1ip")
                        .asString())
                .isEqualTo("1");
        assertThat(patched.at("/spec/containers/1/resources").isMissingNode())
                .as("only the first container")
                .isTrue();
        assertThat(patched.at("/spec/readinessGates/1/conditionType").asString())
                .isEqualTo("stickyip.io/ip-ready");
        assertThat(patched.at("/metadata/annotations/stickyip.io~1reserved-ip").asString())
                .isEqualTo("10.77.0.10");
    }

    @Test
    void keysAreEscapedAsRfc6901Says() {
        JsonNode received = tree("{\"metadata\":{\"annotations\":{}},\"spec\":{}}");
        JsonNode patch =
                patch(received, List.of(new PodEdit.SetAnnotation("a~b/c", "1"), new PodEdit.SetAnnotation("~/", "2")));

        assertThat(paths(patch)).containsExactly("add /metadata/annotations/a~0b~1c", "add /metadata/annotations/~0~1");
        assertThat(JsonPatch.apply(patch, received).at("/metadata/annotations"))
                .isEqualTo(tree("{\"a~b/c\":\"1\",\"~/\":\"2\"}"));
    }

    @Test
    void keysGoUnescapedIntoAParentThePatchAdds() {
        JsonNode received = tree("{\"metadata\":{},\"spec\":{}}");
        JsonNode patch = patch(received, List.of(new PodEdit.SetAnnotation("a~b/c", "1")));

        assertThat(paths(patch)).containsExactly("add /metadata/annotations");
        assertThat(JsonPatch.apply(patch, received).at("/metadata/annotations")).isEqualTo(tree("{\"a~b/c\":\"1\"}"));
    }

    @Test
    void aMissingOrNullParentIsAddedWholeWithWhatGoesIntoIt() {
        JsonNode received = tree("{\"metadata\":{\"labels\":null},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}");
        JsonNode patch = patch(
                received,
                List.of(
                        new PodEdit.SetAnnotation("a", "1"),
                        new PodEdit.SetAnnotation("b", "2"),
                        new PodEdit.SetLabel("l", "v"),
                        new PodEdit.SetResource(0, PodEdit.Resources.REQUESTS, "stickyip.io/ip", "1"),
                        new PodEdit.SetResource(0, PodEdit.Resources.LIMITS, "stickyip.io/ip", "1"),
                        new PodEdit.AddReadinessGate("g1"),
                        new PodEdit.AddReadinessGate("g2"),
                        new PodEdit.SetDnsList(PodEdit.DnsList.NAMESERVERS, List.of("192.0.2.53"))));

        assertThat(paths(patch))
                .containsExactly(
                        "add /metadata/annotations",
                        "add /metadata/labels",
                        "add /spec/containers/0/resources",
                        "add /spec/readinessGates",
                        "add /spec/dnsConfig");
        assertThat(patch.get(2).get("value"))
                .isEqualTo(tree("{\"requests\":{\"stickyip.io/ip\":\"1\"},\"limits\":{\"stickyip.io/ip\":\"1\"}}"));
        JsonNode patched = JsonPatch.apply(patch, received);
        assertThat(patched.at("/metadata/annotations")).isEqualTo(tree("{\"a\":\"1\",\"b\":\"2\"}"));
        assertThat(patched.at("/spec/dnsConfig")).isEqualTo(tree("{\"nameservers\":[\"192.0.2.53\"]}"));
        assertThat(patched.at("/spec/readinessGates"))
                .isEqualTo(tree("[{\"conditionType\":\"g1\"},{\"conditionType\":\"g2\"}]"));
        assertThat(patched.at("/metadata/labels")).isEqualTo(tree("{\"l\":\"v\"}"));
    }

    @Test
    void aRemovalOfWhatIsNotThereIsNoOperation() {
        JsonNode received = tree("{\"metadata\":{\"annotations\":{\"stickyip.io/gateway\":\"10.77.0.1\"}},"
                + "\"spec\":{\"dnsConfig\":{\"searches\":[\"a.example\"]}}}");
        JsonNode patch = patch(
                received,
                List.of(
                        new PodEdit.RemoveAnnotation("stickyip.io/gateway"),
                        new PodEdit.RemoveAnnotation("stickyip.io/claim"),
                        new PodEdit.SetDnsList(PodEdit.DnsList.SEARCHES, List.of()),
                        new PodEdit.SetDnsOptions(List.of())));

        assertThat(paths(patch))
                .containsExactly(
                        "remove /metadata/annotations/stickyip.io~1gateway", "remove /spec/dnsConfig/searches");
    }

    @Test
    void dnsOptionsAreWrittenWithAndWithoutValue() {
        JsonNode received = tree("{\"metadata\":{},\"spec\":{\"dnsConfig\":{}}}");
        JsonNode patch = patch(
                received,
                List.of(
                        new PodEdit.SetDnsPolicy("None"),
                        new PodEdit.SetDnsOptions(
                                List.of(new PodEdit.DnsOption("ndots", "2"), new PodEdit.DnsOption("rotate", null)))));

        JsonNode patched = JsonPatch.apply(patch, received);
        assertThat(patched.at("/spec"))
                .isEqualTo(
                        tree(
                                "{\"dnsPolicy\":\"None\",\"dnsConfig\":{\"options\":[{\"name\":\"ndots\",\"value\":\"2\"},{\"name\":\"rotate\"}]}}"));
    }

    @Test
    void noEditsIsAnEmptyPatch() {
        assertThat(patch(tree(RECEIVED), List.of())).isEmpty();
    }

    @Test
    void anAnnotationTheEditChangesIsReplaced() {
        JsonNode received =
                tree("{\"metadata\":{\"annotations\":{\"stickyip.io/slot\":\"0\",\"other\":\"x\"}},\"spec\":{}}");
        JsonNode patch = patch(
                received,
                List.of(new PodEdit.SetAnnotation("stickyip.io/slot", "1"), new PodEdit.SetAnnotation("other", "x")));

        assertThat(paths(patch)).containsExactly("replace /metadata/annotations/stickyip.io~1slot");
        assertThat(JsonPatch.apply(patch, received)
                        .at("/metadata/annotations/stickyip.io~1slot")
                        .asString())
                .isEqualTo("1");
    }

    @Test
    void aListThatChangesInsideKeepsIndicesAndOnlyAGrowingListIsAppendedTo() {
        JsonNode received = tree("{\"metadata\":{},\"spec\":{\"readinessGates\":[],"
                + "\"dnsConfig\":{\"nameservers\":[\"192.0.2.1\"]}}}");
        JsonNode patch = patch(
                received,
                List.of(
                        new PodEdit.AddReadinessGate("g1"),
                        new PodEdit.AddReadinessGate("g2"),
                        new PodEdit.SetDnsList(PodEdit.DnsList.NAMESERVERS, List.of("192.0.2.9", "192.0.2.1"))));

        assertThat(paths(patch))
                .containsExactly(
                        "add /spec/readinessGates/-",
                        "add /spec/readinessGates/-",
                        "add /spec/dnsConfig/nameservers/0");
        JsonNode patched = JsonPatch.apply(patch, received);
        assertThat(patched.at("/spec/readinessGates"))
                .isEqualTo(tree("[{\"conditionType\":\"g1\"},{\"conditionType\":\"g2\"}]"));
        assertThat(patched.at("/spec/dnsConfig/nameservers")).isEqualTo(tree("[\"192.0.2.9\",\"192.0.2.1\"]"));
    }

    @Test
    void nullsOffTheEditsAndRemovalsUnderMissingParentsGiveNoOperation() {
        JsonNode received =
                tree("{\"metadata\":{\"annotations\":{},\"ownerReferences\":null},\"spec\":{\"nodeName\":null}}");
        JsonNode patch = patch(received, List.of(new PodEdit.SetAnnotation("a", "1")));

        assertThat(paths(patch)).containsExactly("add /metadata/annotations/a");
        assertThat(paths(patch(
                        tree("{\"metadata\":{},\"spec\":{}}"),
                        List.of(
                                new PodEdit.RemoveAnnotation("x"),
                                new PodEdit.SetDnsList(PodEdit.DnsList.SEARCHES, List.of()),
                                new PodEdit.SetDnsOptions(List.of())))))
                .isEmpty();
    }
}
