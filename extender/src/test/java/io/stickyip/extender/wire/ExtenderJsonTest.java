package io.stickyip.extender.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExtenderJsonTest {
    static final String POD = "{\"metadata\":{\"name\":\"db-0\",\"namespace\":\"shop\"}}";

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("an empty body", "", "the body is empty: ExtenderArgs expected"),
                arguments("JSON null", "null", "the body is JSON null: ExtenderArgs expected"),
                arguments("not JSON", "Pod=db-0", "the body is not ExtenderArgs JSON: "),
                arguments("truncated JSON", "{\"Pod\":{\"metadata\":", "the body is not ExtenderArgs JSON: "),
                arguments("an array", "[]", "the body is not ExtenderArgs JSON: "),
                arguments("no pod", "{\"NodeNames\":[\"w1\"]}", "ExtenderArgs has no Pod"),
                arguments(
                        "a pod without name",
                        "{\"Pod\":{\"metadata\":{\"namespace\":\"shop\"}},\"NodeNames\":[]}",
                        "ExtenderArgs.Pod has no metadata.name and metadata.namespace"),
                arguments(
                        "a pod without metadata",
                        "{\"Pod\":{},\"NodeNames\":[]}",
                        "ExtenderArgs.Pod has no metadata.name and metadata.namespace"),
                arguments(
                        "no nodes at all",
                        "{\"Pod\":" + POD + ",\"Nodes\":null,\"NodeNames\":null}",
                        "ExtenderArgs has neither NodeNames nor Nodes"),
                arguments(
                        "a null node name",
                        "{\"Pod\":" + POD + ",\"NodeNames\":[\"w1\",null]}",
                        "ExtenderArgs.NodeNames holds a null"),
                arguments(
                        "node names that are not strings",
                        "{\"Pod\":" + POD + ",\"NodeNames\":{\"w1\":1}}",
                        "the body is not ExtenderArgs JSON: "),
                arguments(
                        "a node without name",
                        "{\"Pod\":" + POD + ",\"Nodes\":{\"items\":[{\"metadata\":{}}]}}",
                        "ExtenderArgs.Nodes holds a node without metadata.name"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("malformed")
    void refusesAMalformedCallSayingWhy(String why, String body, String message) {
        assertThatThrownBy(() -> new ExtenderJson().readArgs(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedCallException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("wellFormed")
    void acceptsAWellFormedCall(String why, String body) throws MalformedCallException {
        assertThat(new ExtenderJson()
                        .readArgs(body.getBytes(StandardCharsets.UTF_8))
                        .pod()
                        .getMetadata()
                        .getName())
                .isEqualTo("db-0");
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                arguments("no candidate nodes", "{\"Pod\":" + POD + ",\"NodeNames\":[]}"),
                arguments(
                        "fields a newer scheduler may add",
                        "{\"Pod\":" + POD + ",\"NodeNames\":[\"w1\"],\"Future\":{\"x\":1}}"),
                arguments(
                        "whole nodes",
                        "{\"Pod\":" + POD + ",\"Nodes\":{\"items\":[{\"metadata\":{\"name\":\"w1\"}}]}}"));
    }
}
