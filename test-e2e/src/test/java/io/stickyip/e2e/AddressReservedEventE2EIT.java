package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/admission.md: the webhook writes an {@code AddressReserved} Event on each pod it admits, naming the address,
 * once the pod is stored (a pod of a Deployment has no name at admission: here one created with generateName).
 * Controls: an unannotated pod, a dry run and a denied pod get none; no Event naming the address is written in any
 * other namespace.
 */
class AddressReservedEventE2EIT {
    static final String NS = "e2e-events";
    static final String POOL = "e2e-events";
    static final String OTHERS_POOL = "e2e-events-others";
    static final Duration WAIT = Duration.ofSeconds(60);
    static KubernetesClient admin;
    static KubernetesClient tenant;

    @BeforeAll
    static void setUp() {
        admin = Clusters.get().client();
        tenant = Identities.tenant(admin, NS);
        // apart from every other e2e pool: an address belongs to one pool
        admin.resources(IPPool.class)
                .resource(Pools.pool(POOL, "10.92.2.0/28", spec -> spec.setNamespaces(List.of(NS))))
                .serverSideApply();
        admin.resources(IPPool.class)
                .resource(Pools.pool(OTHERS_POOL, "10.92.3.0/28", spec -> spec.setNamespaces(List.of("e2e-other"))))
                .serverSideApply();
    }

    @AfterAll
    static void tearDown() {
        tenant.close();
    }

    static PodBuilder pod(Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata()
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.example/app:1")
                .endContainer()
                .endSpec();
    }

    static List<Event> reservedEventsOn(String pod) {
        return admin.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "AddressReserved".equals(e.getReason()))
                .filter(e -> pod.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    @Test
    void anAdmittedPodGetsOneEventNamingItsAddressAndTheControlsGetNone() {
        Pod plain = tenant.pods()
                .inNamespace(NS)
                .resource(pod(Map.of())
                        .editMetadata()
                        .withName("plain")
                        .endMetadata()
                        .build())
                .create();
        tenant.pods()
                .inNamespace(NS)
                .resource(pod(Map.of("stickyip.io/pool", POOL))
                        .editMetadata()
                        .withName("dry")
                        .endMetadata()
                        .build())
                .dryRun()
                .create();
        assertThatThrownBy(() -> tenant.pods()
                        .inNamespace(NS)
                        .resource(pod(Map.of("stickyip.io/pool", OTHERS_POOL))
                                .editMetadata()
                                .withName("refused")
                                .endMetadata()
                                .build())
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("may not use pool " + OTHERS_POOL);
        Pod admitted = tenant.pods()
                .inNamespace(NS)
                .resource(pod(Map.of("stickyip.io/pool", POOL))
                        .editMetadata()
                        .withGenerateName("web-")
                        .endMetadata()
                        .build())
                .create();
        String name = admitted.getMetadata().getName();
        String address = admitted.getMetadata().getAnnotations().get("stickyip.io/reserved-ip");
        assertThat(address).startsWith("10.92.2.");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(reservedEventsOn(name)).hasSize(1));

        Event event = reservedEventsOn(name).getFirst();
        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(event.getInvolvedObject().getUid())
                .isEqualTo(admitted.getMetadata().getUid());
        assertThat(event.getMessage())
                .startsWith("reserved " + address + " from pool " + POOL + " for pod ")
                .endsWith("; it stays with the workload");
        assertThat(event.getReportingComponent()).isEqualTo("stickyip-webhook");
        // the controls, written before the admitted pod, whose Event is here: none came for them
        assertThat(reservedEventsOn(plain.getMetadata().getName()))
                .as("unannotated")
                .isEmpty();
        assertThat(reservedEventsOn("dry")).as("dry run").isEmpty();
        assertThat(reservedEventsOn("refused")).as("denied").isEmpty();
        assertThat(admin.v1().events().inAnyNamespace().list().getItems().stream()
                        .filter(e -> e.getMessage() != null && e.getMessage().contains(address + " "))
                        .filter(e -> "AddressReserved".equals(e.getReason()))
                        .map(e -> e.getMetadata().getNamespace()))
                .as("no other namespace hears of the address")
                .containsOnly(NS);
    }
}
