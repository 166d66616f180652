package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.testing.etcd.EtcdExtension;
import io.stickyip.webhook.it.Reviews;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pod admission path of two webhook replicas over one real etcd, with pod views that see no
 * pod (an informer lagging behind a burst): slots and addresses must come out distinct anyway,
 * decided in etcd, and a dry run must take nothing.
 */
class PodAdmissionIT {
    static final int REPLICAS = 60;
    static final Map<String, String> POOL = Map.of("stickyip.io/pool", AdmissionReplica.POOL);

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    AdmissionReplica a;
    AdmissionReplica b;

    @BeforeEach
    void replicas() {
        String prefix = "/admission-it/" + UUID.randomUUID() + "/";
        a = new AdmissionReplica(etcd.endpoint(), prefix, REPLICAS);
        b = new AdmissionReplica(etcd.endpoint(), prefix, REPLICAS);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void sixtyPodsOfOneDeploymentThroughTwoReplicasGetDistinctSlotsAndAddresses() throws Exception {
        List<AdmissionDecision> decisions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<AdmissionDecision>> futures = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                AdmissionReplica target = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> target.admit(Reviews.deploymentPod("shop", "web", POOL, false))));
            }
            for (Future<AdmissionDecision> f : futures) {
                decisions.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> slotOfAddress = new HashMap<>();
        Map<String, String> addressOfSlot = new HashMap<>();
        for (AdmissionDecision d : decisions) {
            assertThat(d).as("every pod of the 60 is admitted: %s", d).isInstanceOf(AdmissionDecision.Patch.class);
            String slot = AdmissionReplica.patched(d, "stickyip.io/slot");
            String ip = AdmissionReplica.patched(d, "stickyip.io/reserved-ip");
            assertThat(addressOfSlot.put(slot, ip))
                    .as("slot %s given to two pods", slot)
                    .isNull();
            assertThat(slotOfAddress.put(ip, Integer.valueOf(slot)))
                    .as("address %s given to two pods", ip)
                    .isNull();
        }
        for (String phase : List.of("slot", "reserve")) {
            assertThat(timed(a, phase) + timed(b, phase))
                    .as("admissions whose %s phase was timed", phase)
                    .isEqualTo(REPLICAS);
        }
        List<StoredReservation> stored = a.store.list().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(stored).hasSize(REPLICAS);
        assertThat(stored.stream()
                        .flatMap(r -> r.reservation().addresses().stream())
                        .distinct()
                        .count())
                .as("etcd: one slot per address")
                .isEqualTo(REPLICAS);
    }

    private static long timed(AdmissionReplica replica, String phase) {
        return replica.phases.getOrDefault(phase, new LongAdder()).sum();
    }

    @Test
    void aDryRunTakesNoSlot() throws Exception {
        AdmissionDecision dry = a.admit(Reviews.deploymentPod("shop", "web", POOL, true));
        assertThat(AdmissionReplica.patched(dry, "stickyip.io/slot")).isEqualTo("0");
        assertThat(a.store.allOccupants().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("a dry run takes no slot")
                .isEmpty();
        assertThat(a.store.holders().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("nor an address")
                .isEmpty();

        AdmissionDecision real = a.admit(Reviews.deploymentPod("shop", "web", POOL, false));

        assertThat(AdmissionReplica.patched(real, "stickyip.io/slot"))
                .as("the real pod gets the slot the dry run showed")
                .isEqualTo("0");
        assertThat(a.store.list().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasSize(1);
    }

    @Test
    void aRetriedCreationOfTheSameNamedPodGetsItsSlotBackOnTheOtherReplica() throws Exception {
        Map<String, String> list = Map.of("stickyip.io/ip", "10.95.0.21,10.95.0.22");
        AdmissionDecision first = a.admit(Reviews.statefulSetPod("shop", "db", 1, list)); // its answer was lost, say

        AdmissionDecision retry = b.admit(Reviews.statefulSetPod("shop", "db", 1, list)); // another admission uid

        assertThat(AdmissionReplica.patched(first, "stickyip.io/reserved-ip")).isEqualTo("10.95.0.22");
        assertThat(retry)
                .as("not held against it: one pod of a name exists at a time")
                .isInstanceOf(AdmissionDecision.Patch.class);
        assertThat(AdmissionReplica.patched(retry, "stickyip.io/reserved-ip")).isEqualTo("10.95.0.22");
        assertThat(a.store.allOccupants().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .singleElement()
                .satisfies(o -> assertThat(o.occupant().podName()).isEqualTo("db-1"));
    }

    static final String FORGED_IP =
            "stickyip.io/reserved-ip is written by stickyip alone; remove it from the pod or its template";

    @Test
    void aPodWithHandWrittenKeysIsDeniedNamingTheKeyAndNothingIsTaken() throws Exception {
        Map<String, String> forged = new HashMap<>(POOL);
        forged.putAll(Map.of(
                "stickyip.io/reserved-ip",
                "10.95.0.1",
                "stickyip.io/reserved-pool",
                AdmissionReplica.POOL,
                "stickyip.io/workload",
                "other/statefulset/db",
                "stickyip.io/slot",
                "0"));

        AdmissionDecision withRequest = a.admit(Reviews.barePod("shop", "forged", forged));
        AdmissionDecision withoutRequest =
                a.admit(Reviews.barePod("shop", "bare", Map.of("stickyip.io/reserved-ip", "10.95.0.1")));
        AdmissionDecision sealOnly =
                a.admit(Reviews.barePod("shop", "labelled", Map.of("stickyip.io/seal", "v1.trust.me.please")));
        AdmissionDecision honest = a.admit(Reviews.barePod("shop", "honest", POOL));

        assertThat(withRequest).isEqualTo(AdmissionDecision.Deny.policy(FORGED_IP + " (stickyip.io/seal is missing)"));
        assertThat(withoutRequest)
                .isEqualTo(AdmissionDecision.Deny.policy(FORGED_IP + " (stickyip.io/seal is missing)"));
        assertThat(sealOnly)
                .isInstanceOf(AdmissionDecision.Deny.class)
                .extracting(Object::toString)
                .asString()
                .contains("stickyip.io/seal is written by stickyip alone");
        assertThat(honest)
                .as("the positive control: the same pod without the written keys")
                .isInstanceOf(AdmissionDecision.Patch.class);
        assertThat(a.store.allOccupants().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .singleElement()
                .satisfies(o -> assertThat(o.occupant().podName()).isEqualTo("honest"));
    }

    @Test
    void theWebhooksOwnOutputReinvokedUnderANewUidIsAdmittedAgainWithoutAChange() throws Exception {
        String body = Reviews.deploymentPod("shop", "web", POOL, false);
        AdmissionDecision first = a.admit(body);
        String seal = AdmissionReplica.patched(first, "stickyip.io/seal");

        AdmissionDecision reinvoked = b.admit(Reviews.again(body, ((AdmissionDecision.Patch) first).patch(), "shop"));

        assertThat(seal).startsWith("v1." + TestSeals.KEY.keyId() + "." + Reviews.uid(body) + ".");
        assertThat(reinvoked).isInstanceOf(AdmissionDecision.Patch.class);
        assertThat(((AdmissionDecision.Patch) reinvoked).patch())
                .as("same slot, same address, same seal: nothing to change")
                .isEmpty();
        assertThat(a.store.allOccupants().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("no second slot")
                .hasSize(1);
        assertThat(a.store.list().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("no second address")
                .hasSize(1);
    }

    @Test
    void aSealedPodCopiedUnderAnotherUidOnceItsPodExistsIsDenied() throws Exception {
        String body = Reviews.deploymentPod("shop", "web", POOL, false);
        AdmissionDecision first = a.admit(body);
        b.claimed.add(Reviews.uid(body)); // the pod was created and seen: its admission is over

        AdmissionDecision copy = b.admit(Reviews.again(body, ((AdmissionDecision.Patch) first).patch(), "shop"));
        AdmissionDecision elsewhere =
                a.admit(Reviews.again(body, ((AdmissionDecision.Patch) first).patch(), "tenant-b"));

        assertThat(copy)
                .isEqualTo(
                        AdmissionDecision.Deny.policy(FORGED_IP + " (its stickyip.io/seal was issued to another pod)"));
        assertThat(elsewhere)
                .isEqualTo(AdmissionDecision.Deny.policy(
                        FORGED_IP + " (stickyip.io/seal does not match the pod's annotations or namespace)"));
        assertThat(a.store.allOccupants().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasSize(1);
    }

    @Test
    void aDryRunIsSealedToo() throws Exception {
        String body = Reviews.deploymentPod("shop", "web", POOL, true);

        AdmissionDecision dry = a.admit(body);

        assertThat(AdmissionReplica.patched(dry, "stickyip.io/seal"))
                .startsWith("v1." + TestSeals.KEY.keyId() + "." + Reviews.uid(body));
    }
}
