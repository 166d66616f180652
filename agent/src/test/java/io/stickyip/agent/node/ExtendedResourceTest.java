package io.stickyip.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ExtendedResourceTest {
    KubernetesClient client;

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void advertisesTheCapacityOnTheNodesStatusKeepingItsOtherResources() {
        client.resource(node("real-node-1", Map.of("cpu", "2", "pods", "110"))).create();

        ExtendedResource.advertise(client, "real-node-1", 48);

        Node stored = client.nodes().withName("real-node-1").get();
        assertThat(stored.getStatus().getCapacity())
                .containsEntry("stickyip.io/ip", new Quantity("48"))
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("pods", new Quantity("110"));
        assertThat(stored.getStatus().getAllocatable()).containsEntry("stickyip.io/ip", new Quantity("48"));
        assertThat(ExtendedResource.advertised(stored)).contains(48);
    }

    @Test
    void aNodeWithoutTheResourceAdvertisesNothing() {
        assertThat(ExtendedResource.advertised(node("n", Map.of("cpu", "2")))).isEqualTo(Optional.empty());
        assertThat(ExtendedResource.advertised(new NodeBuilder()
                        .withNewMetadata()
                        .withName("n")
                        .endMetadata()
                        .build()))
                .isEmpty();
    }

    @Test
    void thePatchSetsCapacityAndAllocatable() {
        assertThat(ExtendedResource.patch(64))
                .isEqualTo(
                        "{\"status\":{\"capacity\":{\"stickyip.io/ip\":\"64\"},\"allocatable\":{\"stickyip.io/ip\":\"64\"}}}");
        assertThatThrownBy(() -> ExtendedResource.patch(-1)).hasMessageContaining("capacity -1 is negative");
    }

    private static Node node(String name, Map<String, String> capacity) {
        NodeBuilder b = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .endStatus();
        capacity.forEach((k, v) -> b.editStatus()
                .addToCapacity(k, new Quantity(v))
                .addToAllocatable(k, new Quantity(v))
                .endStatus());
        return b.build();
    }
}
