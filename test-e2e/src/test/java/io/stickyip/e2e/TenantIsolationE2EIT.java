package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, threats 1 and 2, acted out by a tenant (ServiceAccount with {@code edit} in its
 * namespace): what stickyip writes on a pod can be neither forged at creation nor changed later;
 * the tenant's own ordinary pods and edits go through (the positive controls).
 */
class TenantIsolationE2EIT {
    static final String NS = "e2e-tenant";
    static final String POOL = "e2e-tenant";
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Map<String, String> FORGED = Map.of(
            "stickyip.io/reserved-ip",
            "10.89.0.5",
            "stickyip.io/reserved-pool",
            POOL,
            "stickyip.io/workload",
            NS + "/pod/forged",
            "stickyip.io/slot",
            "0");

    static KubernetesClient admin;
    static KubernetesClient tenant;

    @BeforeAll
    static void setUp() {
        admin = Clusters.get().client();
        tenant = Identities.tenant(admin, NS);
        IPPool pool = Pools.pool(POOL, "10.89.0.0/24", spec -> {
            spec.setGateway("10.89.0.1");
            spec.setNamespaces(List.of(NS));
        });
        admin.resources(IPPool.class).resource(pool).serverSideApply();
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> create("probe", Map.of("stickyip.io/pool", POOL), Map.of()) != null);
        tenant.pods().inNamespace(NS).withName("probe").withGracePeriod(0).delete();
    }

    @AfterAll
    static void tearDown() {
        tenant.close();
    }

    static Pod create(String name, Map<String, String> annotations, Map<String, String> labels) {
        return tenant.pods()
                .inNamespace(NS)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withAnnotations(annotations)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .addToContainers(Pods.app())
                        .endSpec()
                        .build())
                .create();
    }

    /** A JSON merge patch as the tenant (no resourceVersion: the kubelet's or KWOK's status writes cannot conflict with it). */
    static Pod patch(String pod, String mergePatch) {
        return tenant.pods().inNamespace(NS).withName(pod).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    @Test
    void aPodCreatedWithAHandWrittenReservationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> create("forged", FORGED, Map.of("stickyip.io/managed", "true")))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("stickyip.io/reserved-ip")
                .hasMessageContaining("written by stickyip alone");
        Map<String, String> withRequest = new HashMap<>(FORGED);
        withRequest.put("stickyip.io/pool", POOL);
        assertThatThrownBy(() -> create("forged-with-request", withRequest, Map.of()))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("written by stickyip alone");
        assertThatThrownBy(() -> create("forged-label", Map.of(), Map.of("stickyip.io/managed", "true")))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("stickyip.io/managed");
        assertThat(admin.pods().inNamespace(NS).withName("forged").get()).isNull();

        // positive control: the tenant's own request is admitted and gets the webhook's keys
        Pod own = create("own", Map.of("stickyip.io/pool", POOL), Map.of());
        assertThat(own.getMetadata().getAnnotations())
                .containsKey("stickyip.io/reserved-ip")
                .containsKey("stickyip.io/workload");
        assertThat(own.getMetadata().getLabels()).containsEntry("stickyip.io/managed", "true");
        tenant.pods().inNamespace(NS).withName("own").withGracePeriod(0).delete();
    }

    @Test
    void whatStickyipWroteCanBeNeitherChangedNorRemovedAfterCreation() {
        Pod pod = create("rewritten", Map.of("stickyip.io/pool", POOL), Map.of());
        String address = pod.getMetadata().getAnnotations().get("stickyip.io/reserved-ip");

        assertThatThrownBy(() -> patch(
                        "rewritten", "{\"metadata\":{\"annotations\":{\"stickyip.io/reserved-ip\":\"10.89.0.200\"}}}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("stickyip.io/reserved-ip")
                .hasMessageContaining("cannot be added, changed or removed");
        assertThatThrownBy(() -> patch("rewritten", "{\"metadata\":{\"annotations\":{\"stickyip.io/workload\":null}}}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("stickyip.io/workload");
        assertThatThrownBy(() -> patch("rewritten", "{\"metadata\":{\"labels\":{\"stickyip.io/managed\":null}}}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("label stickyip.io/managed");
        assertThatThrownBy(() -> patch(
                        "rewritten", "{\"metadata\":{\"annotations\":{\"stickyip.io/gateway\":\"10.89.0.254\"}}}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("stickyip.io/gateway");

        // positive control: the tenant may edit its own pod's other annotations and labels
        patch("rewritten", "{\"metadata\":{\"annotations\":{\"team\":\"db\"},\"labels\":{\"tier\":\"data\"}}}");
        Pod after = admin.pods().inNamespace(NS).withName("rewritten").get();
        assertThat(after.getMetadata().getAnnotations())
                .containsEntry("team", "db")
                .containsEntry("stickyip.io/reserved-ip", address);
        assertThat(after.getMetadata().getLabels())
                .containsEntry("tier", "data")
                .containsEntry("stickyip.io/managed", "true");
        tenant.pods().inNamespace(NS).withName("rewritten").withGracePeriod(0).delete();
    }
}
