package io.stickyip.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The garbage collector against a real etcd, including the races it must not lose. */
class ReservationCollectorIT {
    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    ReservationStore store;

    @BeforeEach
    void openStore() {
        store = new EtcdReservationStore(
                EtcdStoreConfig.of(etcd.endpoint()).withPrefix("/gc-" + UUID.randomUUID() + "/"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    void claim(WorkloadRef w, String address) throws Exception {
        ClaimResult r = store.claim(ClaimRequest.of(w, 0, "demo", List.of(address)))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(r).isInstanceOfAny(ClaimResult.Created.class, ClaimResult.Existing.class);
    }

    @Test
    void releasesTheAddressesOfAWorkloadThatIsGoneAndKeepsTheOthers() throws Exception {
        WorkloadRef gone = new WorkloadRef("a", "deployment", "gone");
        WorkloadRef alive = new WorkloadRef("a", "deployment", "alive");
        claim(gone, "10.1.0.1");
        claim(alive, "10.1.0.2");
        ReservationCollector gc = new ReservationCollector(
                store, w -> w.equals(alive), new ReleasePolicy(Duration.ZERO), Clock.systemUTC());
        assertThat(gc.collectOnce(5000)).isEqualTo(1);
        assertThat(store.holders().toCompletableFuture().get()).containsOnlyKeys("10.1.0.2");
    }

    @Test
    void aWorkloadClaimingAgainWhileTheCollectorDecidesKeepsItsAddress() throws Exception {
        WorkloadRef w = new WorkloadRef("b", "statefulset", "pg");
        claim(w, "10.2.0.1");
        // the existence check runs after the reservations were read; the pod is recreated right then
        ReservationCollector gc = new ReservationCollector(
                store,
                workload -> {
                    try {
                        store.claim(ClaimRequest.of(workload, 1, "demo", List.of("10.2.0.2")))
                                .toCompletableFuture()
                                .get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return false;
                },
                new ReleasePolicy(Duration.ZERO),
                Clock.systemUTC());
        assertThat(gc.collectOnce(5000)).isZero();
        assertThat(store.holders().toCompletableFuture().get()).containsKeys("10.2.0.1", "10.2.0.2");
    }

    @Test
    void nothingIsReleasedWhenTheExistenceCheckFails() throws Exception {
        WorkloadRef w = new WorkloadRef("c", "deployment", "unknown");
        claim(w, "10.3.0.1");
        ReservationCollector gc = new ReservationCollector(
                store,
                workload -> {
                    throw new IllegalStateException("API server unreachable");
                },
                new ReleasePolicy(Duration.ZERO),
                Clock.systemUTC());
        try {
            gc.collectOnce(5000);
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessageContaining("unreachable");
        }
        assertThat(store.holders().toCompletableFuture().get()).containsKey("10.3.0.1");
    }

    @Test
    void aWorkloadGoneForLessThanTheGraceKeepsItsAddress() throws Exception {
        WorkloadRef w = new WorkloadRef("d", "pod", "bare");
        claim(w, "10.4.0.1");
        ReservationCollector gc = new ReservationCollector(
                store, x -> !x.equals(w), new ReleasePolicy(Duration.ofMinutes(5)), Clock.systemUTC());
        assertThat(gc.collectOnce(5000)).isZero();
        assertThat(Set.copyOf(store.holders().toCompletableFuture().get().keySet()))
                .contains("10.4.0.1");
    }
}
