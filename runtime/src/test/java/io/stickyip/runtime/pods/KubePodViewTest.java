package io.stickyip.runtime.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.core.admission.Liveness;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.kube.Informers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook's view of managed pods, from informers on the fabric8 mock API server. */
@EnableKubernetesMockClient(crud = true)
class KubePodViewTest {
    static final WorkloadRef WEB = new WorkloadRef("shop", WorkloadRef.DEPLOYMENT, "web");
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    static Occupant bound(Pod pod) {
        return new Occupant(
                "claim-" + pod.getMetadata().getName(),
                pod.getMetadata().getName(),
                pod.getMetadata().getUid(),
                Instant.EPOCH);
    }

    /** Pod shop/{@code name} of {@code workload}, in {@code slot}, with claim {@code claim-<name>}; labelled when {@code managed}. */
    static PodBuilder pod(String name, String workload, String slot, boolean managed) {
        PodBuilder pod = Pods.claimed("shop", name, workload, slot, "claim-" + name)
                .withNewSpec()
                .withContainers(Pods.app())
                .endSpec();
        return managed ? pod : Pods.unlabelled(pod);
    }

    void create(PodBuilder pod) {
        client.resource(pod.build()).create();
    }

    /**
     * Until both watches deliver: the mock server's shutdown hangs on a watch closed while being set
     * up, so each test waits for its informers to be fully up before closing them.
     */
    void awaitWatching(KubePodView view) {
        WorkloadRef probe = new WorkloadRef("probe", WorkloadRef.DEPLOYMENT, "probe");
        create(pod("probe", "probe/deployment/probe", "0", true)
                .editMetadata()
                .withNamespace("probe")
                .endMetadata());
        client.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withNamespace("probe")
                        .withName("probe")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewStrategy()
                        .withType("Recreate")
                        .endStrategy()
                        .endSpec()
                        .build())
                .create();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !view.slotsInUse(probe).isEmpty()
                        && view.replicas(probe).isPresent());
    }

    @Test
    void slotsInUseAreThoseOfLiveManagedPodsOfTheWorkload() {
        create(pod("web-a", "shop/deployment/web", "0", true));
        create(pod("web-b", "shop/deployment/web", "2", true));
        create(pod("web-done", "shop/deployment/web", "3", true)
                .withNewStatus()
                .withPhase("Succeeded")
                .endStatus());
        create(pod("web-failed", "shop/deployment/web", "4", true)
                .withNewStatus()
                .withPhase("Failed")
                .endStatus());
        create(pod("web-unlabelled", "shop/deployment/web", "6", false));
        create(pod("web-garbled", "shop/deployment/web", "seven", true));
        create(pod("api-a", "shop/deployment/api", "1", true));
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            KubePodView view = new KubePodView(client, informers);
            informers.start();

            assertThat(view.synced()).isTrue();
            assertThat(view.slotsInUse(WEB)).containsExactlyInAnyOrder(0, 2);
            Pod a = client.pods().inNamespace("shop").withName("web-a").get();
            Pod done = client.pods().inNamespace("shop").withName("web-done").get();
            assertThat(view.liveness(WEB, bound(a))).isEqualTo(Liveness.LIVE);
            assertThat(view.liveness(WEB, bound(done))).isEqualTo(Liveness.GONE);
            assertThat(view.liveness(WEB, Occupant.pending("claim-web-a", "web-a", Instant.EPOCH)))
                    .isEqualTo(Liveness.LIVE);
            assertThat(view.liveness(WEB, Occupant.pending("claim-nobody", "", Instant.EPOCH)))
                    .isEqualTo(Liveness.UNKNOWN);
            assertThat(view.claimed("shop", "claim-web-a"))
                    .as("a pod carries this admission's claim: the admission is over")
                    .isTrue();
            assertThat(view.claimed("shop", "claim-nobody")).isFalse();
            assertThat(view.claimed("other", "claim-web-a"))
                    .as("a claim is looked up in the pod's own namespace")
                    .isFalse();
            assertThat(view.slotsInUse(new WorkloadRef("shop", WorkloadRef.DEPLOYMENT, "api")))
                    .containsExactly(1);
            awaitWatching(view);
        }
    }

    /**
     * A pod of another namespace that names a workload of {@code shop} (its annotations forged) shows
     * no slot of it and keeps none of its occupants live; deleted, it makes none of them gone.
     */
    @Test
    void aPodOfAnotherNamespaceNeverShowsHoldsOrEndsASlot() {
        WorkloadRef db = new WorkloadRef("shop", WorkloadRef.STATEFULSET, "db");
        create(pod("db-0", "shop/statefulset/db", "0", true)
                .editMetadata()
                .withNamespace("intruder")
                .endMetadata());
        create(pod("db-1", "shop/statefulset/db", "1", true));
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            KubePodView view = new KubePodView(client, informers);
            view.listen(informers, new PodEvents() {
                @Override
                public void live(Pod pod) {}

                @Override
                public void gone(Pod pod) {}
            });
            informers.start();

            Pod intruder =
                    client.pods().inNamespace("intruder").withName("db-0").get();
            Pod own = client.pods().inNamespace("shop").withName("db-1").get();
            assertThat(view.slotsInUse(db))
                    .as("only shop's own pod shows a slot of shop's workload")
                    .containsExactly(1);
            assertThat(view.liveness(db, Occupant.pending("claim-db-0", "db-0", Instant.EPOCH)))
                    .as("another namespace's pod carrying the claim token")
                    .isEqualTo(Liveness.UNKNOWN);
            assertThat(view.liveness(
                            db,
                            new Occupant(
                                    "claim-db-0", "db-0", intruder.getMetadata().getUid(), Instant.EPOCH)))
                    .as("another namespace's pod, by UID")
                    .isEqualTo(Liveness.UNKNOWN);
            assertThat(view.liveness(db, Occupant.pending("claim-db-1", "db-1", Instant.EPOCH)))
                    .isEqualTo(Liveness.LIVE);
            assertThat(view.liveness(db, bound(own))).isEqualTo(Liveness.LIVE);

            client.pods().inNamespace("intruder").withName("db-0").delete();
            client.pods().inNamespace("shop").withName("db-1").delete();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(view.liveness(db, bound(own)))
                            .as("shop's own pod, deleted")
                            .isEqualTo(Liveness.GONE));
            assertThat(view.liveness(db, Occupant.pending("claim-db-0", "db-0", Instant.EPOCH)))
                    .as("deleting another namespace's pod with the claim token ends no slot of shop")
                    .isEqualTo(Liveness.UNKNOWN);
            awaitWatching(view);
        }
    }

    /** The mock server drops deletionTimestamp (and hangs on a finalizer), so the terminating case is shown on the object. */
    @Test
    void aTerminatingOrFinishedPodIsNotLive() {
        assertThat(PodStates.live(pod("a", "shop/deployment/web", "0", true).build()))
                .isTrue();
        assertThat(PodStates.live(pod("a", "shop/deployment/web", "0", true)
                        .withNewStatus()
                        .withPhase("Running")
                        .endStatus()
                        .build()))
                .isTrue();
        assertThat(PodStates.live(pod("a", "shop/deployment/web", "0", true)
                        .editMetadata()
                        .withDeletionTimestamp("2026-11-22T10:00:00Z")
                        .endMetadata()
                        .build()))
                .isFalse();
        assertThat(PodStates.live(pod("a", "shop/deployment/web", "0", true)
                        .withNewStatus()
                        .withPhase("Failed")
                        .endStatus()
                        .build()))
                .isFalse();
    }

    @Test
    void boundsARecreateDeploymentBySpecReplicasOnly() {
        client.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withNamespace("shop")
                        .withName("web")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(3)
                        .withNewStrategy()
                        .withType("Recreate")
                        .endStrategy()
                        .endSpec()
                        .build())
                .create();
        client.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withNamespace("shop")
                        .withName("rolling")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(3)
                        .withNewStrategy()
                        .withType("RollingUpdate")
                        .endStrategy()
                        .endSpec()
                        .build())
                .create();
        client.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withNamespace("shop")
                        .withName("idle")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(0)
                        .withNewStrategy()
                        .withType("Recreate")
                        .endStrategy()
                        .endSpec()
                        .build())
                .create();
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            KubePodView view = new KubePodView(client, informers);
            informers.start();

            assertThat(view.replicas(WEB)).hasValue(3);
            assertThat(view.replicas(new WorkloadRef("shop", WorkloadRef.DEPLOYMENT, "rolling")))
                    .isEmpty();
            assertThat(view.replicas(new WorkloadRef("shop", WorkloadRef.DEPLOYMENT, "idle")))
                    .hasValue(1);
            assertThat(view.replicas(new WorkloadRef("shop", WorkloadRef.DEPLOYMENT, "absent")))
                    .isEmpty();
            assertThat(view.replicas(new WorkloadRef("shop", WorkloadRef.STATEFULSET, "web")))
                    .isEmpty();
            awaitWatching(view);
        }
    }

    @Test
    void tellsTheListenerOfEveryPodLiveOrGoneFromTheFirstListOn() {
        create(pod("web-a", "shop/deployment/web", "0", true));
        try (Informers informers = new Informers(Duration.ofSeconds(20))) {
            KubePodView view = new KubePodView(client, informers);
            List<String> seen = new CopyOnWriteArrayList<>();
            view.listen(informers, new PodEvents() {
                @Override
                public void live(Pod pod) {
                    seen.add("live " + pod.getMetadata().getName());
                }

                @Override
                public void gone(Pod pod) {
                    seen.add("gone " + pod.getMetadata().getName());
                }
            });
            informers.start();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(seen).containsExactly("live web-a"));

            create(pod("web-b", "shop/deployment/web", "1", true)
                    .withNewStatus()
                    .withPhase("Succeeded")
                    .endStatus());
            Pod a = client.pods().inNamespace("shop").withName("web-a").get();
            client.pods().inNamespace("shop").withName("web-a").delete();

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(seen).contains("gone web-b", "gone web-a"));
            assertThat(view.liveness(WEB, bound(a)))
                    .as("a pod seen deleted is gone for good")
                    .isEqualTo(Liveness.GONE);
            awaitWatching(view);
        }
    }
}
