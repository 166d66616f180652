package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.PoolLimit;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool's limits against a real etcd, through two stores (two replicas) claiming at once: the
 * count and the reservation are one transaction, so concurrent claims never take a namespace or a
 * workload past its limit; a release makes room again; without a limit every claim goes through.
 */
class EtcdLimitsIT {
    static final int CLAIMANTS = 20;

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    EtcdReservationStore a;
    EtcdReservationStore b;
    String prefix;

    @BeforeEach
    void openStores() throws Exception {
        prefix = "/limits-it/" + UUID.randomUUID() + "/";
        EtcdStoreConfig config = EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix);
        a = new EtcdReservationStore(config);
        b = new EtcdReservationStore(config);
        a.repair().get(30, TimeUnit.SECONDS);
        b.repair().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeStores() {
        a.close();
        b.close();
    }

    static List<PoolLimit> limits(Integer perNamespace, Integer perWorkload) throws Exception {
        IPPool pool = Pools.pool("public-eu", "203.0.113.0/24", s -> {
            if (perNamespace != null || perWorkload != null) {
                s.setLimits(new Limits(perNamespace, perWorkload));
            }
        });
        return PoolLimit.of(CompiledPool.of(pool)).stream().toList();
    }

    /** {@value #CLAIMANTS} claims at once, alternating between the two stores; their results. */
    List<ClaimResult> allAtOnce(IntFunction<ClaimRequest> claimant) throws Exception {
        List<CompletableFuture<ClaimResult>> futures = new ArrayList<>();
        for (int i = 0; i < CLAIMANTS; i++) {
            futures.add((i % 2 == 0 ? a : b).claim(claimant.apply(i)).toCompletableFuture());
        }
        List<ClaimResult> results = new ArrayList<>();
        for (CompletableFuture<ClaimResult> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    List<String> heldIn(String namespace) throws Exception {
        return a.holders().toCompletableFuture().get(5, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getValue().namespace().equals(namespace))
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    static ClaimRequest bare(String namespace, int i, List<PoolLimit> limits) {
        return ClaimRequest.of(
                        new WorkloadRef(namespace, "pod", "p" + i), 0, "public-eu", List.of("203.0.113." + (10 + i)))
                .withLimits(limits);
    }

    @Test
    void twentyConcurrentClaimsNeverTakeANamespacePastItsLimitOfFive() throws Exception {
        List<ClaimResult> results = allAtOnce(i -> bare("dev", i, uncheckedLimits(5, null)));

        assertThat(results).filteredOn(ClaimResult.Created.class::isInstance).hasSize(5);
        assertThat(results)
                .filteredOn(ClaimResult.OverLimit.class::isInstance)
                .hasSize(15)
                .allSatisfy(r -> assertThat(((ClaimResult.OverLimit) r).describe())
                        .isEqualTo(
                                "namespace dev holds 5 addresses of pool public-eu, its limit (spec.limits.perNamespace); "
                                        + "delete a workload or ask for a higher limit"));
        assertThat(heldIn("dev")).hasSize(5);
        assertThat(a.claim(bare("other", 99, limits(5, null)))
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS))
                .as("another namespace has its own count")
                .isInstanceOf(ClaimResult.Created.class);
    }

    @Test
    void twentyConcurrentSlotsOfOneWorkloadNeverPassItsLimit() throws Exception {
        WorkloadRef web = new WorkloadRef("dev", "deployment", "web");
        List<ClaimResult> results =
                allAtOnce(i -> ClaimRequest.of(web, i, "public-eu", List.of("203.0.113." + (10 + i)))
                        .withLimits(uncheckedLimits(10, 3)));

        assertThat(results).filteredOn(ClaimResult.Created.class::isInstance).hasSize(3);
        assertThat(results).filteredOn(ClaimResult.OverLimit.class::isInstance).hasSize(17);
        assertThat(heldIn("dev")).hasSize(3);
        EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
    }

    @Test
    void aReleaseMakesRoomAgain() throws Exception {
        List<PoolLimit> limits = limits(2, null);
        for (int i = 0; i < 2; i++) {
            assertThat(a.claim(bare("dev", i, limits)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ClaimResult.Created.class);
        }
        assertThat(a.claim(bare("dev", 2, limits)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ClaimResult.OverLimit.class);
        StoredReservation first = a.list().toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
                .filter(r -> r.reservation().workload().name().equals("p0"))
                .findFirst()
                .orElseThrow();

        assertThat(a.releaseWorkload(first.reservation().workload(), first.workloadRevision())
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS))
                .isTrue();

        assertThat(b.claim(bare("dev", 2, limits)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ClaimResult.Created.class);
        assertThat(heldIn("dev")).containsExactlyInAnyOrder("203.0.113.11", "203.0.113.12");
    }

    @Test
    void aSlotThatExistsIsGivenBackAtItsLimit() throws Exception {
        List<PoolLimit> limits = limits(1, 1);
        assertThat(a.claim(bare("dev", 0, limits)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ClaimResult.Created.class);

        assertThat(b.claim(bare("dev", 0, limits)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("a recreated pod gets its reservation back, whatever the limit")
                .isInstanceOf(ClaimResult.Existing.class);
    }

    @Test
    void withoutALimitEveryClaimGoesThrough() throws Exception {
        List<ClaimResult> results = allAtOnce(i -> bare("dev", i, uncheckedLimits(null, null)));

        assertThat(results).allMatch(ClaimResult.Created.class::isInstance);
        assertThat(heldIn("dev")).hasSize(CLAIMANTS);
    }

    static List<PoolLimit> uncheckedLimits(Integer perNamespace, Integer perWorkload) {
        try {
            return limits(perNamespace, perWorkload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
