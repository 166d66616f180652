package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, placement of pinned pods: a tenant pins a pod with spec.nodeName (which skips the
 * scheduler and its extender) to a node outside its pool's zone, and admission refuses it naming the
 * rule, reserving nothing; pinned to a node in the zone, the same pod is admitted (positive control).
 */
class PinnedPodE2EIT {
    static final String NS = "e2e-pinned";
    static final String POOL = "e2e-pinned-zone-a";
    static final Duration WAIT = Duration.ofSeconds(90);
    static KubernetesClient admin;
    static KubernetesClient tenant;
    static String inZone;
    static String outOfZone;

    @BeforeAll
    static void setUp() {
        admin = Clusters.get().client();
        tenant = Identities.tenant(admin, NS);
        inZone = kwokNodeIn("zone-a");
        outOfZone = kwokNodeIn("zone-b");
        // apart from every other e2e pool: an address belongs to one pool
        IPPool pool = Pools.pool(POOL, "10.86.0.0/24", spec -> {
            spec.setNamespaces(List.of(NS));
            spec.setZones(List.of("zone-a"));
        });
        admin.resources(IPPool.class).resource(pool).serverSideApply();
    }

    @AfterAll
    static void tearDown() {
        tenant.close();
    }

    static String kwokNodeIn(String zone) {
        return admin.nodes()
                .withLabel("type", "kwok")
                .withLabel("topology.kubernetes.io/zone", zone)
                .list()
                .getItems()
                .getFirst()
                .getMetadata()
                .getName();
    }

    static Pod pinned(String name, String node) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(Map.of("stickyip.io/pool", POOL))
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewToleration()
                .withOperator("Exists")
                .endToleration()
                .addToContainers(Pods.app())
                .endSpec()
                .build();
    }

    @Test
    void aPodPinnedOutsideItsPoolsZoneIsRefusedAndOneInsideIsAdmitted() {
        // positive control first: it also waits until the webhook's pool informer knows the pool
        Pod admitted = await().atMost(WAIT)
                .ignoreExceptions()
                .until(
                        () -> tenant.pods()
                                .inNamespace(NS)
                                .resource(pinned("in-zone", inZone))
                                .create(),
                        p -> p != null);
        assertThat(admitted.getMetadata().getAnnotations()).containsKey("stickyip.io/reserved-ip");

        assertThatThrownBy(() -> tenant.pods()
                        .inNamespace(NS)
                        .resource(pinned("out-of-zone", outOfZone))
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.nodeName: node " + outOfZone + " is in zone zone-b")
                .hasMessageContaining("pool " + POOL);
        assertThat(admin.pods().inNamespace(NS).withName("out-of-zone").get()).isNull();
        tenant.pods().inNamespace(NS).withName("in-zone").withGracePeriod(0).delete();
    }
}
