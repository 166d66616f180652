package io.stickyip.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A mock server that answers nothing it was not told to: every list fails. */
@EnableKubernetesMockClient
class InformersFailureTest {
    KubernetesMockServer server;
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void aListThatFailsFailsTheStartNamingTheInformer() {
        server.expect()
                .get()
                .withPath("/api/v1/configmaps?resourceVersion=0")
                .andReturn(403, "forbidden")
                .always();
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            informers.cache("configmaps", client.configMaps().inAnyNamespace());

            assertThatThrownBy(informers::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("informer configmaps failed to start: ");
            assertThat(informers.synced()).isFalse();
            assertThat(informers.readiness().notReady()).containsExactly("informer configmaps");
        }
    }
}
