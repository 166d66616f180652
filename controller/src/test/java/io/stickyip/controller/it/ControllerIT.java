package io.stickyip.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.controller.ControllerConfig;
import io.stickyip.controller.Main;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.lifecycle.Deployed;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller started in-process as {@code java -jar} starts it ({@link Main#start}), over a real etcd and
 * fabric8's API server mock: its ops server answers /healthz, /readyz and /metrics on its own port, one replica
 * takes the collectors' Lease, and every replica keeps the slots' occupants in step with the pods it sees.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerIT {
    static final WorkloadRef DB = new WorkloadRef("shop", WorkloadRef.STATEFULSET, "db");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    KubernetesClient client;
    String prefix;
    Deployed controller;
    EtcdReservationStore store;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        prefix = "/controller-it/" + UUID.randomUUID() + "/";
        Map<String, String> env = Map.of(
                "STICKYIP_HOST",
                "127.0.0.1",
                "STICKYIP_PORT",
                "0",
                "STICKYIP_ETCD_ENDPOINTS",
                etcd.endpoint(),
                "STICKYIP_ETCD_PLAINTEXT",
                "true",
                "STICKYIP_ETCD_PREFIX",
                prefix,
                "STICKYIP_GC_INTERVAL",
                "1s",
                "POD_NAME",
                "stickyip-controller-it",
                "STICKYIP_LEASE_NAMESPACE",
                "stickyip-system");
        controller = Main.start(
                ControllerConfig.fromMap(env),
                new KubernetesClientBuilder()
                        .withConfig(client.getConfiguration())
                        .build());
        store = new EtcdReservationStore(EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix));
    }

    @AfterEach
    void stop() {
        store.close();
        controller.close();
        client.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.port() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersItsOpsEndpointsOnItsOwnPort() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/readyz").statusCode()).isEqualTo(200));
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(get("/mutate").statusCode()).as("no admission route").isEqualTo(404);
    }

    @Test
    void takesTheCollectorsLease() {
        Lease lease = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> client.leases()
                                .inNamespace("stickyip-system")
                                .withName(ControllerConfig.LEASE_NAME)
                                .get(),
                        l -> l != null && l.getSpec().getHolderIdentity() != null);
        assertThat(lease.getSpec().getHolderIdentity()).startsWith("stickyip-controller-it");
    }

    @Test
    void bindsALivePodsSlotInTheStore() {
        Pod pod = client.pods()
                .inNamespace("shop")
                .resource(Pods.claimed("shop", "db-0", DB.key(), "0", "claim-db-0")
                        .editMetadata()
                        .withUid("uid-db-0")
                        .endMetadata()
                        .build())
                .create();
        String uid = pod.getMetadata().getUid();
        assertThat(uid).isNotBlank();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<StoredOccupant> occupants =
                    store.occupants(DB).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(occupants).singleElement().satisfies(o -> {
                assertThat(o.slot()).isZero();
                assertThat(o.occupant().podUid()).isEqualTo(uid);
            });
        });
    }
}
