package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.store.watch.HolderEvent;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.store.watch.HolderListener;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
 * 200 claims (100 workloads x 2 slots) racing for 50 addresses through two stores, i.e. two
 * jetcd clients, on one etcd, with group commit on (the default); once as is and once with etcd
 * killed and restarted in the middle. {@link GroupCommitRaceIT} is the same race with 10,000 claims.
 */
class ClaimRaceIT {

    private static final int WORKLOADS = 100;
    private static final int ADDRESSES = 50;
    /** The default; one second proved tight for 200 claimants on a busy 2-core machine. */
    private static final Duration TIMEOUT = EtcdStoreConfig.DEFAULT_TIMEOUT;
    /** Completion of a timed-out call waits for a thread too; generous, the machine may be busy. */
    private static final long SCHEDULING_SLACK_MILLIS = 1000;

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
        prefix = "/stickyip-race/" + UUID.randomUUID() + "/";
        EtcdStoreConfig config =
                EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix).withTimeout(TIMEOUT);
        stores = List.of(new EtcdReservationStore(config), new EtcdReservationStore(config));
        // the first store follows a holder view and writes first where it says free; the second always reads first
        EtcdHolderWatch watch = stores.get(0).watchHolders(new HolderIndex(), new HolderListener() {
            @Override
            public void reset() {}

            @Override
            public void changed(List<HolderEvent> applied) {}
        });
        await().atMost(Duration.ofSeconds(30)).until(watch::current);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(EtcdReservationStore::close);
    }

    @Test
    void concurrentClaimsThroughTwoClientsNeverGiveAnAddressTwice() throws Exception {
        ClaimRace race = new ClaimRace(stores, ADDRESSES);

        race.run(WORKLOADS, 42).get(2, TimeUnit.MINUTES);

        assertOneHolderPerAddress(race);
        report("no outage", race);
        assertThat(stores.get(0).claimPaths().writeFirst())
                .as("claims that skipped their read raced too")
                .isPositive();
        assertThat(stores.get(0).claimBatches().batched()
                        + stores.get(1).claimBatches().batched())
                .as("guarded writes that went to etcd in batches (group commit is on by default)")
                .isPositive();
    }

    @Test
    void claimsRacingThroughAnEtcdRestartStayConsistent() throws Exception {
        CompletableFuture<Void> outageBegun = new CompletableFuture<>();
        ClaimRace race = new ClaimRace(stores, ADDRESSES).holdBackAllBut(20, outageBegun);
        CompletableFuture<Void> running = race.run(WORKLOADS, 7);

        await().atMost(Duration.ofSeconds(30)).until(() -> race.given.size() >= 10);
        etcd.stop();
        outageBegun.complete(null); // the other 180 claimants start now, into the outage
        await().atMost(Duration.ofSeconds(30)).until(() -> race.unavailableMillis.size() >= 50);
        etcd.start();
        long backNanos = System.nanoTime();
        running.get(2, TimeUnit.MINUTES);

        assertThat(race.unavailableMillis)
                .as("time to fail while etcd was down (ms)")
                .allSatisfy(
                        millis -> assertThat(millis).isLessThanOrEqualTo(TIMEOUT.toMillis() + SCHEDULING_SLACK_MILLIS));
        assertThat(race.successNanos)
                .as("claims given after etcd was back")
                .anySatisfy(at -> assertThat(at).isGreaterThan(backNanos));
        assertOneHolderPerAddress(race);
        report("etcd restarted", race);
    }

    @Test
    void oneClaimAtATimeTakesMillisecondsNotTheTimeout() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long started = System.nanoTime();
            ClaimRequest request =
                    ClaimRequest.of(new WorkloadRef("idle", "pod", "p" + i), 0, "", List.of("10.2.0." + i));
            assertThat(stores.get(0).claim(request).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ClaimResult.Created.class);
            millis.add((System.nanoTime() - started) / 1_000_000);
        }

        System.out.printf("sequential claims: latency ms %s%n", percentiles(millis));
        assertThat(millis.stream().sorted().toList().get(50)).isLessThan(TIMEOUT.toMillis() / 4);
    }

    /** What callers were given agrees with etcd, and no address went to two workloads or to two slots of one. */
    private void assertOneHolderPerAddress(ClaimRace race) throws Exception {
        Map<String, WorkloadRef> givenTo = new HashMap<>();
        Map<String, Reservation> givenToSlot = new HashMap<>();
        for (Reservation reservation : race.given) {
            for (String address : reservation.addresses()) {
                WorkloadRef before = givenTo.putIfAbsent(address, reservation.workload());
                assertThat(before)
                        .as("%s given to %s and %s", address, before, reservation.workload())
                        .isIn(null, reservation.workload());
                Reservation slotBefore = givenToSlot.putIfAbsent(address, reservation);
                assertThat(slotBefore == null || slotBefore.slot() == reservation.slot())
                        .as(
                                "%s given to slots %s and %d of %s",
                                address,
                                slotBefore == null ? "-" : slotBefore.slot(),
                                reservation.slot(),
                                reservation.workload())
                        .isTrue();
            }
        }
        Map<String, WorkloadRef> holders = EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
        givenTo.forEach((address, workload) -> assertThat(holders).containsEntry(address, workload));
        assertThat(holders)
                .as("every address ends up held: claimants only give up when all are taken")
                .containsOnlyKeys(race.addresses().toArray(String[]::new));

        List<StoredReservation> stored =
                stores.get(0).list().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(stored)
                .extracting(StoredReservation::reservation)
                .containsExactlyInAnyOrderElementsOf(
                        race.given.stream().distinct().toList());
        assertThat(race.given.size() + race.emptyHanded.size()).isEqualTo(WORKLOADS * ClaimRace.SLOTS);
    }

    private void report(String run, ClaimRace race) {
        System.out.printf(
                "claim paths (%s): watched store %s %s, unwatched store %s %s%n",
                run,
                stores.get(0).claimPaths(),
                stores.get(0).claimBatches(),
                stores.get(1).claimPaths(),
                stores.get(1).claimBatches());
        System.out.printf(
                "claim race (%s): %d claim calls, %d given, %d empty-handed; claims given in ms %s; %d unavailable, failed in ms %s%n",
                run,
                race.calls.get(),
                race.given.size(),
                race.emptyHanded.size(),
                percentiles(race.claimMillis),
                race.unavailableMillis.size(),
                percentiles(race.unavailableMillis));
    }

    private static String percentiles(Collection<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return "p50=" + sorted.get(sorted.size() / 2) + " p90=" + sorted.get(sorted.size() * 9 / 10) + " max="
                + sorted.getLast();
    }
}
