package io.stickyip.extender.cache;

import static io.stickyip.extender.cache.AgentIndexTest.lease;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.extender.scheduling.CandidateNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeIndexTest {
    final AgentIndex agents = new AgentIndex();
    final NodeIndex nodes = new NodeIndex(agents);

    static Node node(String name, String zone) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(NodeFacts.ZONE_LABEL, zone))
                .endMetadata()
                .build();
    }

    CandidateNode get(String name) {
        return nodes.get(name).orElseThrow();
    }

    @Test
    void aNodeCarriesItsAgentsLeaseWhicheverCameFirst() {
        agents.onAdd(lease("w1", 3));
        nodes.onAdd(node("w1", "a"));
        nodes.onAdd(node("w2", "a"));
        agents.onAdd(lease("w2", 5));

        assertThat(((AgentLeases.Read.Ok) get("w1").agent()).report().freeAddresses())
                .isEqualTo(3);
        assertThat(((AgentLeases.Read.Ok) get("w2").agent()).report().freeAddresses())
                .isEqualTo(5);
        assertThat(get("w1").agentAliveAt(AgentIndexTest.T0.toEpochMilli())).isTrue();
        assertThat(get("w1").agentAliveAt(AgentIndexTest.T0.plusSeconds(40).toEpochMilli()))
                .isFalse();
    }

    @Test
    void followsTheLeaseThroughUpdatesAndDeletionAndTheNodeThroughRelabelling() {
        Lease first = lease("w1", 3);
        nodes.onAdd(node("w1", "a"));
        agents.onAdd(first);
        Lease second = lease("w1", 1, "192.0.2.10");
        agents.onUpdate(first, second);
        nodes.onUpdate(node("w1", "a"), node("w1", "b"));

        assertThat(get("w1").facts().zone()).hasValue("b");
        assertThat(((AgentLeases.Read.Ok) get("w1").agent()).report().attached())
                .containsExactly("192.0.2.10");

        agents.onDelete(second, false);

        assertThat(get("w1").agent()).isNull();
    }

    @Test
    void forgetsADeletedNode() {
        nodes.onAdd(node("w1", "a"));
        agents.onAdd(lease("w1", 3));
        nodes.onDelete(node("w1", "a"), false);

        assertThat(nodes.get("w1")).isEmpty();
        assertThat(agents.get("w1")).isPresent();
    }
}
