package io.stickyip.store;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.reservation.StoreUnavailableException;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.connection.EtcdFailures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Many workloads claiming few addresses at once, through several stores. Each claimant (one slot
 * of one workload) walks the addresses in its own shuffled order until it is given one (Created or
 * Existing) or every address is taken. Every fourth workload claims an explicit pair per attempt:
 * slot 0 gets the first address and holds both, slot 1 the second, so lists are claimed whole.
 * A claim that finds the store unavailable is retried on the same address a little later. A
 * claimant may be limited to its first few addresses, and the claimants to a number of lanes
 * (each lane runs its claimants one after another, as that many clients would).
 */
final class ClaimRace {

    static final int SLOTS = 2;
    private static final Executor RETRY_LATER = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

    private final List<? extends ReservationStore> stores;
    private final List<String> addresses;
    private final int tries;
    private CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    private int ungated = Integer.MAX_VALUE;

    final Queue<Reservation> given = new ConcurrentLinkedQueue<>();
    final Queue<Long> claimMillis = new ConcurrentLinkedQueue<>();
    final Queue<Long> unavailableMillis = new ConcurrentLinkedQueue<>();
    final Queue<Long> successNanos = new ConcurrentLinkedQueue<>();
    final Queue<WorkloadRef> emptyHanded = new ConcurrentLinkedQueue<>();
    final AtomicInteger calls = new AtomicInteger();

    ClaimRace(List<? extends ReservationStore> stores, int addressCount) {
        this(stores, addressCount, Integer.MAX_VALUE);
    }

    /** Each claimant tries at most {@code tries} addresses (pairs for the explicit lists) before it gives up. */
    ClaimRace(List<? extends ReservationStore> stores, int addressCount, int tries) {
        this.stores = stores;
        this.addresses = IntStream.rangeClosed(1, addressCount)
                .mapToObj(i -> "10.1." + (i / 250) + "." + (i % 250))
                .toList();
        this.tries = tries;
    }

    /**
     * Holds every claimant after the first {@code first} back until {@code opened} completes: an
     * outage test opens it once the outage has begun, so claims meet the outage however fast the
     * machine finished the others.
     */
    ClaimRace holdBackAllBut(int first, CompletableFuture<Void> opened) {
        this.ungated = first;
        this.gate = opened;
        return this;
    }

    List<String> addresses() {
        return addresses;
    }

    /** Starts every claimant at once; completes when all are done. */
    CompletableFuture<Void> run(int workloadCount, long seed) {
        return run(workloadCount, seed, workloadCount * SLOTS);
    }

    /** Runs the claimants in {@code lanes} lanes; completes when all are done. */
    CompletableFuture<Void> run(int workloadCount, long seed, int lanes) {
        List<Supplier<CompletableFuture<Void>>> claimants = new ArrayList<>();
        for (int w = 0; w < workloadCount; w++) {
            WorkloadRef workload = new WorkloadRef("race", w % 4 == 0 ? "statefulset" : "deployment", "w" + w);
            List<String> order = new ArrayList<>(addresses);
            Collections.shuffle(order, new Random(seed + w));
            for (int slot = 0; slot < SLOTS; slot++) {
                ReservationStore store = stores.get((w + slot) % stores.size());
                int s = slot;
                claimants.add(
                        w % 4 == 0
                                ? () -> claimPair(store, workload, s, order, 0)
                                : () -> claimOne(store, workload, s, order, 0));
            }
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int lane = 0; lane < Math.min(lanes, claimants.size()); lane++) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = lane; i < claimants.size(); i += lanes) {
                Supplier<CompletableFuture<Void>> claimant = claimants.get(i);
                CompletableFuture<Void> waitFor = i < ungated ? CompletableFuture.completedFuture(null) : gate;
                chain = chain.thenCompose(ignored -> waitFor).thenCompose(ignored -> claimant.get());
            }
            running.add(chain);
        }
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> claimOne(
            ReservationStore store, WorkloadRef workload, int slot, List<String> order, int next) {
        if (next >= Math.min(order.size(), tries)) {
            emptyHanded.add(workload);
            return CompletableFuture.completedFuture(null);
        }
        ClaimRequest request = ClaimRequest.of(workload, slot, "race", List.of(order.get(next)));
        return attempt(
                store,
                request,
                () -> claimOne(store, workload, slot, order, next),
                () -> claimOne(store, workload, slot, order, next + 1));
    }

    private CompletableFuture<Void> claimPair(
            ReservationStore store, WorkloadRef workload, int slot, List<String> order, int next) {
        if (next + 1 >= Math.min(order.size(), 2L * tries)) {
            emptyHanded.add(workload);
            return CompletableFuture.completedFuture(null);
        }
        List<String> pair = order.subList(next, next + 2);
        ClaimRequest request = new ClaimRequest(workload, slot, "race", List.of(pair.get(slot)), pair);
        return attempt(
                store,
                request,
                () -> claimPair(store, workload, slot, order, next),
                () -> claimPair(store, workload, slot, order, next + 2));
    }

    private CompletableFuture<Void> attempt(
            ReservationStore store,
            ClaimRequest request,
            Supplier<CompletableFuture<Void>> again,
            Supplier<CompletableFuture<Void>> onConflict) {
        long started = System.nanoTime();
        calls.incrementAndGet();
        return store.claim(request)
                .toCompletableFuture()
                .handle((result, error) -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (error != null) {
                        Throwable cause = EtcdFailures.unwrap(error);
                        if (!(cause instanceof StoreUnavailableException)) {
                            return CompletableFuture.<Void>failedFuture(cause);
                        }
                        unavailableMillis.add(millis);
                        return CompletableFuture.runAsync(() -> {}, RETRY_LATER).thenCompose(ignored -> again.get());
                    }
                    return switch (result) {
                        case ClaimResult.Created created -> given(created.reservation(), millis);
                        case ClaimResult.Existing existing -> given(existing.reservation(), millis);
                        case ClaimResult.Conflict conflict -> onConflict.get();
                        case ClaimResult.OverLimit over ->
                            throw new IllegalStateException("no limits in a race: " + over.describe());
                    };
                })
                .thenCompose(next -> next);
    }

    private CompletableFuture<Void> given(Reservation reservation, long millis) {
        given.add(reservation);
        claimMillis.add(millis);
        successNanos.add(System.nanoTime());
        return CompletableFuture.completedFuture(null);
    }
}
