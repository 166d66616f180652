package io.stickyip.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.core.testing.ManualClock;
import io.stickyip.core.testing.Pods;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void writesAnEventAboutThePodAsTheComponentOnItsNode() {
        Pod pod = client.resource(Pods.pod("shop", "db-0")
                        .withNewSpec()
                        .withContainers(Pods.app())
                        .endSpec()
                        .build())
                .create();
        EventRecorder events = new EventRecorder(
                client, "stickyip-agent", "node-1", new ManualClock(Instant.parse("2026-11-22T10:00:00.123Z")));

        events.record(pod, EventRecorder.Type.Normal, "AddressLive", "203.0.113.7 is live on node-1");

        Event stored =
                client.v1().events().inNamespace("shop").list().getItems().getFirst();
        assertThat(stored.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(stored.getInvolvedObject().getName()).isEqualTo("db-0");
        assertThat(stored.getInvolvedObject().getUid())
                .isEqualTo(pod.getMetadata().getUid());
        assertThat(stored.getType()).isEqualTo("Normal");
        assertThat(stored.getReason()).isEqualTo("AddressLive");
        assertThat(stored.getMessage()).isEqualTo("203.0.113.7 is live on node-1");
        assertThat(stored.getSource().getComponent()).isEqualTo("stickyip-agent");
        assertThat(stored.getSource().getHost()).isEqualTo("node-1");
        assertThat(stored.getFirstTimestamp()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(stored.getMetadata().getName()).startsWith("db-0.");
    }
}
