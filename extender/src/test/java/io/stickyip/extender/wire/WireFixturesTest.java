package io.stickyip.extender.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every wire type against {@code json.Marshal} output of the upstream Go structs
 * (src/test/go/wirefixtures): read the fixture into the record, write it back, and get the same
 * JSON, field names and nulls included.
 */
class WireFixturesTest {
    final ExtenderJson json = new ExtenderJson();

    static byte[] fixture(String name) {
        try (InputStream in = WireFixturesTest.class.getResourceAsStream("/wire/" + name + ".json")) {
            assertThat(in).as("fixture " + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments("extender-args-node-names", new TypeReference<ExtenderArgs>() {}),
                arguments("extender-args-nodes", new TypeReference<ExtenderArgs>() {}),
                arguments("extender-filter-result", new TypeReference<ExtenderFilterResult>() {}),
                arguments("extender-filter-result-error", new TypeReference<ExtenderFilterResult>() {}),
                arguments("host-priority-list", new TypeReference<List<HostPriority>>() {}),
                arguments("extender-binding-args", new TypeReference<ExtenderBindingArgs>() {}),
                arguments("extender-binding-result", new TypeReference<ExtenderBindingResult>() {}),
                arguments("extender-preemption-args", new TypeReference<ExtenderPreemptionArgs>() {}),
                arguments("extender-preemption-result", new TypeReference<ExtenderPreemptionResult>() {}));
    }

    @ParameterizedTest(name = "{0} round-trips to the same JSON")
    @MethodSource("fixtures")
    void readsAndWritesTheUpstreamJson(String name, TypeReference<?> type) {
        byte[] go = fixture(name);

        Object value = json.mapper().readValue(go, type);
        JsonNode written = json.mapper().readTree(json.mapper().writeValueAsBytes(value));

        assertThat(withoutTypeMeta(written)).isEqualTo(json.mapper().readTree(go));
    }

    /**
     * fabric8 writes {@code apiVersion} and {@code kind} on embedded Pods and Nodes, Go's
     * {@code json.Marshal} of an object without TypeMeta set does not; Go reads them either way.
     */
    static JsonNode withoutTypeMeta(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("metadata")) {
                object.remove("apiVersion");
                object.remove("kind");
            }
            object.forEach(WireFixturesTest::withoutTypeMeta);
        } else if (node.isArray()) {
            node.forEach(WireFixturesTest::withoutTypeMeta);
        }
        return node;
    }

    @Test
    void readsTheSchedulersFilterCallOfANodeCacheCapableExtender() throws MalformedCallException {
        ExtenderArgs args = json.readArgs(fixture("extender-args-node-names"));

        assertThat(args.nodeNames()).containsExactly("w1", "w2", "w3");
        assertThat(args.nodes()).isNull();
        assertThat(args.pod().getMetadata().getAnnotations()).containsEntry("stickyip.io/reserved-pool", "db-eu");
        assertThat(args.pod().getMetadata().getUid()).isEqualTo("6f1c2a9e-0000-4000-8000-000000000001");
        assertThat(args.pod().getSpec())
                .as("a call's pod is read without its spec")
                .isNull();
        // the full mapper reads all of it
        assertThat(json.mapper()
                        .readValue(fixture("extender-args-node-names"), ExtenderArgs.class)
                        .pod()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getResources()
                        .getRequests())
                .containsEntry("stickyip.io/ip", new Quantity("1"));
    }

    @Test
    void readsWholeNodesWhenNotNodeCacheCapable() throws MalformedCallException {
        ExtenderArgs args = json.readArgs(fixture("extender-args-nodes"));

        assertThat(args.nodeNames()).isNull();
        assertThat(args.nodes().getItems())
                .singleElement()
                .satisfies(
                        n -> assertThat(n.getMetadata().getLabels()).containsEntry("topology.kubernetes.io/zone", "a"));
    }

    @Test
    void writesAFilterResultAsGoWould() {
        ExtenderFilterResult result = new ExtenderFilterResult(
                null,
                List.of("w1"),
                Map.of("w2", "stickyip: node w2 has no room for 1 more address (0 free)"),
                Map.of("w3", "stickyip: node w3 is in zone b, pool db-eu allows zone a"),
                "");

        assertThat(json.mapper().readTree(json.write(result)))
                .isEqualTo(json.mapper().readTree(fixture("extender-filter-result")));
    }

    @Test
    void writesAnErrorAsGoWould() {
        ExtenderFilterResult result =
                ExtenderFilterResult.failure("stickyip: pool db-eu of pod shop/db-0 is not known");

        assertThat(json.mapper().readTree(json.write(result)))
                .isEqualTo(json.mapper().readTree(fixture("extender-filter-result-error")));
    }

    @Test
    void writesPrioritiesAsGoWould() {
        List<HostPriority> list =
                List.of(new HostPriority("w1", 10), new HostPriority("w2", 5), new HostPriority("w3", 0));

        assertThat(json.mapper().readTree(json.write(list)))
                .isEqualTo(json.mapper().readTree(fixture("host-priority-list")));
    }
}
