package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.controller.gc.KubePodLookup;
import io.stickyip.controller.gc.PodLookup;
import io.stickyip.controller.gc.UnbornCollector;
import io.stickyip.controller.gc.UnbornPolicy;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.testing.etcd.EtcdExtension;
import io.stickyip.webhook.it.Reviews;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Creates that a later admission step refuses (a ResourceQuota allowing no more pods) must not
 * drain a pool: the admission path of one replica over a real etcd reserves, the pods never
 * appear in the (mock) API server, and the unborn collector gives the addresses back once the
 * unborn grace has passed, while a pod that does appear, late and never seen by an informer, keeps
 * its own.
 */
@EnableKubernetesMockClient(crud = true)
class UnbornSlotsIT {
    static final Duration GRACE = Duration.ofSeconds(15);
    static final Map<String, String> POOL = Map.of(Annotations.POOL, AdmissionReplica.POOL);

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    KubernetesClient client;
    AdmissionReplica replica;

    @BeforeEach
    void replica() {
        replica = new AdmissionReplica(etcd.endpoint(), "/unborn-it/" + UUID.randomUUID() + "/", 1);
    }

    @AfterEach
    void close() {
        replica.close();
        client.close();
    }

    /** The collector as the leader runs it, with its clock {@code ahead} of the admissions. */
    UnbornCollector collector(Duration ahead, PodLookup pods) {
        return new UnbornCollector(
                replica.store,
                replica.store,
                PodView.NONE,
                pods,
                new UnbornPolicy(GRACE),
                Clock.offset(Clock.systemUTC(), ahead));
    }

    Set<String> held() throws Exception {
        return replica.store
                .holders()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS)
                .keySet();
    }

    List<StoredOccupant> occupants() throws Exception {
        return replica.store.allOccupants().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    String admitted(String review) throws Exception {
        AdmissionDecision decision = replica.admit(review);
        assertThat(decision).as("admitted: %s", decision).isInstanceOf(AdmissionDecision.Patch.class);
        return AdmissionReplica.patched(decision, Annotations.RESERVED_IP);
    }

    /** The pod the API server stores after admitting {@code decision}: its generated name and the claim token it was given. */
    void podAppears(String name, AdmissionDecision decision) {
        client.pods()
                .inNamespace("quota")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("quota")
                        .addToAnnotations(Annotations.CLAIM, AdmissionReplica.patched(decision, Annotations.CLAIM))
                        .addToAnnotations(
                                Annotations.RESERVED_IP, AdmissionReplica.patched(decision, Annotations.RESERVED_IP))
                        .endMetadata()
                        .build())
                .create();
    }

    @Test
    void thirtyQuotaRefusedPodsGiveBackTheirAddressesAfterTheUnbornGraceWhileALatePodKeepsItsOwn() throws Exception {
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            refused.add(admitted(Reviews.generatedBarePod("quota", "job-", POOL)));
        }
        AdmissionDecision late = replica.admit(Reviews.generatedBarePod("quota", "late-", POOL));
        String lateAddress = AdmissionReplica.patched(late, Annotations.RESERVED_IP);
        String deploymentAddress = admitted(Reviews.deploymentPod("quota", "web", POOL, false));
        assertThat(held()).hasSize(32).containsAll(refused).contains(lateAddress, deploymentAddress);

        assertThat(collector(Duration.ZERO, new KubePodLookup(client)).collectOnce(5000))
                .as("within the unborn grace nothing is given back")
                .isZero();
        assertThat(held()).hasSize(32);

        podAppears("late-x7k2q", late); // stored by the API server long after its admission; no informer saw it
        assertThat(collector(GRACE.plusSeconds(1), new KubePodLookup(client)).collectOnce(5000))
                .as("30 bare pods released, the Deployment's slot given back")
                .isEqualTo(31);

        assertThat(held())
                .as("the late pod keeps its address, the Deployment its reservation")
                .containsExactlyInAnyOrder(lateAddress, deploymentAddress);
        assertThat(occupants()).singleElement().satisfies(o -> {
            assertThat(o.workload().name()).startsWith("late-");
            assertThat(o.occupant().token()).isEqualTo(AdmissionReplica.patched(late, Annotations.CLAIM));
        });
        assertThat(collector(GRACE.plusSeconds(1), new KubePodLookup(client)).collectOnce(5000))
                .isZero();
    }

    @Test
    void aNamedPodTheApiServerShowsKeepsItsAddressWithoutAClaimTokenOnIt() throws Exception {
        String address = admitted(Reviews.barePod("quota", "db", POOL));
        client.pods()
                .inNamespace("quota")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .withNamespace("quota")
                        .endMetadata()
                        .build())
                .create();

        assertThat(collector(GRACE.plusSeconds(1), new KubePodLookup(client)).collectOnce(5000))
                .isZero();

        assertThat(held()).containsExactly(address);
    }

    @Test
    void aPodBoundToItsSlotWhileTheCollectorLooksKeepsItsAddress() throws Exception {
        String address = admitted(Reviews.generatedBarePod("quota", "job-", POOL));
        // the store was read; an informer sees the pod and binds its slot just before the pods are looked up
        PodLookup bindsFirst = () -> {
            try {
                StoredOccupant pending = occupants().getFirst();
                replica.store
                        .bind(pending, "job-abcde", "pod-uid-1")
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return (namespace, podName, token) -> false; // and the API read misses it (deleted right after, say)
        };

        assertThat(collector(GRACE.plusSeconds(1), bindsFirst).collectOnce(5000))
                .isZero();

        assertThat(held()).containsExactly(address);
    }

    @Test
    void nothingIsGivenBackWhenThePodsCannotBeRead() throws Exception {
        String address = admitted(Reviews.generatedBarePod("quota", "job-", POOL));
        PodLookup unreachable = () -> (namespace, podName, token) -> {
            throw new IllegalStateException("API server unreachable");
        };

        assertThatThrownBy(() -> collector(GRACE.plusSeconds(1), unreachable).collectOnce(5000))
                .hasMessageContaining("unreachable");

        assertThat(held()).containsExactly(address);
        assertThat(occupants()).hasSize(1);
    }

    @Test
    void etcdFailingAtTheWriteLeavesEverythingAsItWas() throws Exception {
        String address = admitted(Reviews.generatedBarePod("quota", "job-", POOL));
        PodLookup etcdDiesAfterTheReads = () -> {
            etcd.stop();
            return (namespace, podName, token) -> false;
        };
        try {
            assertThatThrownBy(() -> collector(GRACE.plusSeconds(1), etcdDiesAfterTheReads)
                            .collectOnce(5000))
                    .hasMessageContaining("unavailable");
        } finally {
            etcd.start();
        }

        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(held()).containsExactly(address));
        assertThat(occupants()).hasSize(1);
        assertThat(collector(GRACE.plusSeconds(1), new KubePodLookup(client)).collectOnce(5000))
                .as("the next pass does it")
                .isEqualTo(1);
        assertThat(held()).isEmpty();
    }
}
