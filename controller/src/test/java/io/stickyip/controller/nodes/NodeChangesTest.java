package io.stickyip.controller.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeChangesTest {
    static Node node() {
        return new NodeBuilder()
                .withNewMetadata()
                .withName("n1")
                .addToLabels("nodegroup", "public")
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///us-east-1a/i-0123456789abcdef0")
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withLastHeartbeatTime("t1")
                .endCondition()
                .endStatus()
                .build();
    }

    @Test
    void aNewOrGoneNodeOrOneWhoseFactsChangedPokesAHeartbeatDoesNot() {
        AtomicInteger pokes = new AtomicInteger();
        NodeChanges changes = new NodeChanges(pokes::incrementAndGet);
        Node heartbeat = new NodeBuilder(node())
                .editStatus()
                .editFirstCondition()
                .withLastHeartbeatTime("t2")
                .endCondition()
                .endStatus()
                .build();
        Node relabelled = new NodeBuilder(node())
                .editMetadata()
                .addToLabels("nodegroup", "private")
                .endMetadata()
                .build();
        Node exited = new NodeBuilder(node())
                .editStatus()
                .addNewCondition()
                .withType("StickyipAgentExited")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();

        changes.onUpdate(node(), heartbeat);
        assertThat(pokes).hasValue(0);

        changes.onAdd(node());
        changes.onUpdate(node(), relabelled);
        changes.onUpdate(node(), exited);
        changes.onDelete(node(), false);
        assertThat(pokes).hasValue(4);
    }
}
