package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.claim.ClaimBatcher;
import io.stickyip.store.config.ClaimBatching;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group commit under a race, against a real etcd: 10,000 claimants (5,000 workloads x 2 slots, a
 * quarter of them claiming explicit pairs) for 2,500 addresses, through two stores (two webhooks),
 * both batching their writes, one writing first where its holder view says free, the other reading
 * first; 400 claims in flight at a time, each claimant trying at most 4 addresses (pairs). etcd is
 * killed in the middle and restarted. Afterwards etcd, read by its own client, holds every address
 * once, every slot's addresses are its workload's and bound to that slot alone, ip keys and held
 * index agree (nothing half-written), and what the claimants were told is what etcd holds.
 */
class GroupCommitRaceIT {

    private static final int WORKLOADS = 5_000;
    private static final int ADDRESSES = 2_500;
    private static final int IN_FLIGHT = 400;
    private static final int TRIES = 4;

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private String prefix;
    private List<EtcdReservationStore> stores;

    @BeforeAll
    static void startEtcd() {
        EtcdOutageIT.warmUp(etcd.endpoint());
    }

    @BeforeEach
    void openTwoStores() {
        prefix = "/stickyip-batch-race/" + UUID.randomUUID() + "/";
        EtcdStoreConfig config =
                EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix).withBatching(ClaimBatching.DEFAULT);
        stores = List.of(new EtcdReservationStore(config), new EtcdReservationStore(config));
        HolderViews.current(stores.get(0));
    }

    @AfterEach
    void closeStores() {
        stores.forEach(EtcdReservationStore::close);
    }

    @Test
    void tenThousandBatchedClaimsThroughTwoStoresAndAnEtcdRestartGiveEveryAddressOnce() throws Exception {
        CompletableFuture<Void> outageBegun = new CompletableFuture<>();
        ClaimRace race = new ClaimRace(stores, ADDRESSES, TRIES).holdBackAllBut(2_000, outageBegun);
        CompletableFuture<Void> running = race.run(WORKLOADS, 12, IN_FLIGHT);

        await().atMost(Duration.ofMinutes(2)).until(() -> race.given.size() >= 1_000);
        etcd.stop();
        outageBegun.complete(null); // all but the first 2,000 claimants start now, into the outage
        await().atMost(Duration.ofSeconds(60)).until(() -> race.unavailableMillis.size() >= 100);
        etcd.start();
        long backNanos = System.nanoTime();
        running.get(5, TimeUnit.MINUTES);

        assertThat(race.successNanos)
                .as("claims given after etcd was back")
                .anySatisfy(at -> assertThat(at).isGreaterThan(backNanos));
        assertThat(race.given.size() + race.emptyHanded.size())
                .as("every claimant finished")
                .isEqualTo(WORKLOADS * ClaimRace.SLOTS);
        assertGivenOnceAndAsHeld(race);
        ClaimBatcher.Counts watched = stores.get(0).claimBatches();
        ClaimBatcher.Counts unwatched = stores.get(1).claimBatches();
        System.out.printf(
                "batched claim race: %d claim calls, %d given, %d empty-handed, %d unavailable; "
                        + "watched store %s %s, unwatched store %s %s%n",
                race.calls.get(),
                race.given.size(),
                race.emptyHanded.size(),
                race.unavailableMillis.size(),
                stores.get(0).claimPaths(),
                watched,
                stores.get(1).claimPaths(),
                unwatched);
        assertThat(watched.batched() + unwatched.batched())
                .as("writes sent in batches of two or more")
                .isPositive();
        assertThat(Math.max(watched.largest(), unwatched.largest()))
                .as("largest batch")
                .isGreaterThan(2);
    }

    /** No address went to two workloads or two slots, no slot got two answers, and etcd holds exactly what was given. */
    private void assertGivenOnceAndAsHeld(ClaimRace race) throws Exception {
        Map<String, Reservation> givenTo = new HashMap<>();
        Map<String, Reservation> bySlot = new HashMap<>();
        for (Reservation reservation : race.given) {
            Reservation before =
                    bySlot.putIfAbsent(reservation.workload().key() + "#" + reservation.slot(), reservation);
            assertThat(before)
                    .as("%s slot %d told two reservations", reservation.workload(), reservation.slot())
                    .isIn(null, reservation);
            for (String address : reservation.addresses()) {
                Reservation other = givenTo.putIfAbsent(address, reservation);
                assertThat(other == null || other.equals(reservation))
                        .as("%s given to %s and to %s", address, other, reservation)
                        .isTrue();
            }
        }
        Map<String, WorkloadRef> holders = EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
        givenTo.forEach((address, reservation) -> assertThat(holders).containsEntry(address, reservation.workload()));
        List<StoredReservation> stored =
                stores.get(1).list().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(stored)
                .extracting(StoredReservation::reservation)
                .as("every slot in etcd was given to its claimant, and nothing else")
                .containsExactlyInAnyOrderElementsOf(bySlot.values());
    }
}
