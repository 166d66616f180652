package io.stickyip.controller.gc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.stickyip.core.workload.WorkloadRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When unsure, nothing is freed: an API error is not "gone". */
@EnableKubernetesMockClient
class WorkloadExistenceFailureTest {
    KubernetesMockServer server;
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void anApiErrorPropagatesInsteadOfReadingAsGone() {
        server.expect()
                .get()
                .withPath("/apis/apps/v1/namespaces/shop/deployments/db")
                .andReturn(500, "etcd leader changed")
                .always();

        try (KubernetesClient noRetries = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build()) {
            assertThatThrownBy(
                            () -> new WorkloadExistence(noRetries).exists(new WorkloadRef("shop", "deployment", "db")))
                    .isInstanceOf(KubernetesClientException.class);
        }
    }

    @Test
    void aFailedPodListPropagatesToo() {
        server.expect()
                .get()
                .withPath("/apis/apps/v1/namespaces/shop/deployments/db")
                .andReturn(404, "")
                .always();
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/shop/pods?labelSelector=stickyip.io%2Fmanaged%3Dtrue")
                .andReturn(403, "forbidden")
                .always();

        assertThatThrownBy(() -> new WorkloadExistence(client).exists(new WorkloadRef("shop", "deployment", "db")))
                .isInstanceOf(KubernetesClientException.class);
    }
}
