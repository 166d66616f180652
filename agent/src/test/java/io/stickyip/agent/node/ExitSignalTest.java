package io.stickyip.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.node.AgentExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class ExitSignalTest {

    static NodeBuilder node() {
        return new NodeBuilder()
                .withNewMetadata()
                .withName("n1")
                .endMetadata()
                .withNewSpec()
                .endSpec();
    }

    @Test
    void aSchedulableNodeWithoutRemovalTaintsStays() {
        Node n = node().editSpec()
                .addNewTaint()
                .withKey("example.com/gpu")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .build();

        assertThat(ExitSignal.goingAway(n)).isFalse();
    }

    @Test
    void aCordonedNodeIsGoingAway() {
        assertThat(ExitSignal.goingAway(
                        node().editSpec().withUnschedulable(true).endSpec().build()))
                .isTrue();
    }

    @Test
    void aNodeBeingDeletedIsGoingAway() {
        assertThat(ExitSignal.goingAway(node().editMetadata()
                        .withDeletionTimestamp("2026-12-02T03:00:00Z")
                        .endMetadata()
                        .build()))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ToBeDeletedByClusterAutoscaler", "karpenter.sh/disrupted", "node.kubernetes.io/out-of-service"})
    void aNodeTaintedForRemovalIsGoingAway(String key) {
        Node n = node().editSpec()
                .addNewTaint()
                .withKey(key)
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .build();

        assertThat(ExitSignal.goingAway(n)).isTrue();
    }

    @Test
    void thePatchIsOneConditionOfOurTypeMergedByType() {
        JsonNode body = Serialization.jsonMapper()
                .readTree(ExitSignal.patch(true, AgentExit.REASON_EXITED, "m", "2026-12-02T03:00:00Z"));

        JsonNode conditions = body.path("status").path("conditions");
        assertThat(conditions.size()).isEqualTo(1);
        assertThat(conditions.get(0).path("type").asString()).isEqualTo(AgentExit.CONDITION);
        assertThat(conditions.get(0).path("status").asString()).isEqualTo("True");
        assertThat(conditions.get(0).path("reason").asString()).isEqualTo(AgentExit.REASON_EXITED);
        assertThat(ExitSignal.patch(false, AgentExit.REASON_RUNNING, "m", "t")).contains("\"status\":\"False\"");
    }
}
