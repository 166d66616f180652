package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.cloud.aws.CloudStep.Reason;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAssociationTest {

    static final Binding NODE_A = new Binding("eni-a", "10.0.1.4");
    static final NodeAssociation.Target TARGET = new NodeAssociation.Target("c1", "public", "node-a", NODE_A);
    static final Map<String, String> TAGGED = TARGET.tags();

    static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new HashMap<>(base);
        m.put(k, v);
        return m;
    }

    static Stream<Arguments> associate() {
        return Stream.of(
                arguments(
                        "tags first, before associating (the write-ahead record)",
                        Eips.free("e", "203.0.113.1", Map.of()),
                        true,
                        new CloudStep.Tag("e", TAGGED)),
                arguments(
                        "then associates",
                        Eips.free("e", "203.0.113.1", TAGGED),
                        true,
                        new CloudStep.Associate("e", NODE_A)),
                arguments(
                        "done when read back at the node's address",
                        Eips.at("e", NODE_A, TAGGED),
                        true,
                        new CloudStep.Done(NODE_A)),
                arguments(
                        "a stale tag of an earlier holder is overwritten while unassociated",
                        Eips.free("e", "203.0.113.1", with(TAGGED, Tags.NODE, "node-old")),
                        true,
                        new CloudStep.Tag("e", TAGGED)),
                arguments(
                        "associated at the node but untagged (an older tool): tags it",
                        Eips.at("e", NODE_A, Map.of()),
                        true,
                        new CloudStep.Tag("e", TAGGED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("associate")
    void decidesTheNextStepOfAnAssociation(String what, ElasticIp seen, boolean comparePrivateIp, CloudStep expected) {
        assertThat(NodeAssociation.associate(seen, TARGET, comparePrivateIp)).isEqualTo(expected);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("vanished", null, true, Reason.VANISHED),
                arguments(
                        "associated with another node",
                        Eips.at("e", new Binding("eni-b", "10.0.1.5"), TAGGED),
                        true,
                        Reason.HELD_ELSEWHERE),
                arguments(
                        "associated with another address of the node's ENI",
                        Eips.at("e", new Binding("eni-a", "10.0.1.77"), TAGGED),
                        true,
                        Reason.HELD_ELSEWHERE));
    }

    @ParameterizedTest(name = "refuses: {0}")
    @MethodSource("refusals")
    void neverTakesAnAddressHeldElsewhere(String what, ElasticIp seen, boolean comparePrivateIp, Reason reason) {
        assertThat(NodeAssociation.associate(seen, TARGET, comparePrivateIp))
                .isInstanceOfSatisfying(
                        CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }

    static Stream<Arguments> release() {
        return Stream.of(
                arguments(
                        "disassociates where it bound it",
                        Eips.at("e", NODE_A, TAGGED),
                        new CloudStep.Disassociate("e", "eipassoc-1", NODE_A)),
                arguments(
                        "then leaves its name as last node",
                        Eips.free("e", "203.0.113.1", TAGGED),
                        new CloudStep.Tag("e", Map.of(Tags.LAST_NODE, "node-a"))),
                arguments(
                        "then drops our tags",
                        Eips.free("e", "203.0.113.1", with(TAGGED, Tags.LAST_NODE, "node-a")),
                        new CloudStep.Untag("e", java.util.List.of(Tags.CLUSTER, Tags.POOL, Tags.NODE, Tags.BINDING))),
                arguments(
                        "an association someone else made is left alone",
                        Eips.at("e", new Binding("eni-z", "10.0.9.9"), with(TAGGED, Tags.LAST_NODE, "node-a")),
                        new CloudStep.Untag("e", java.util.List.of(Tags.CLUSTER, Tags.POOL, Tags.NODE, Tags.BINDING))),
                arguments(
                        "another node's address is not ours to release",
                        Eips.at("e", NODE_A, with(TAGGED, Tags.NODE, "node-b")),
                        new CloudStep.Released("e")),
                arguments("vanished: nothing to do", null, new CloudStep.Released("(vanished)")));
    }

    @ParameterizedTest(name = "release: {0}")
    @MethodSource("release")
    void decidesTheNextStepOfARelease(String what, ElasticIp seen, CloudStep expected) {
        assertThat(NodeAssociation.release(seen, "node-a")).isEqualTo(expected);
    }
}
