package io.stickyip.testing.reservation;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.reservation.StoreUnavailableException;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A reservation store in a map, for unit tests of the logic above the store (the real one, on etcd,
 * is tested against etcd): one holder per address, a slot keeps what it got, and it can be taken down.
 */
public final class MapStore implements ReservationStore {
    public final Map<String, WorkloadRef> holders = new HashMap<>();
    public final Map<String, Reservation> slots = new HashMap<>();
    public volatile boolean down;

    @Override
    public CompletionStage<Optional<Reservation>> find(WorkloadRef workload, int slot) {
        return down
                ? unavailable()
                : CompletableFuture.completedFuture(Optional.ofNullable(slots.get(workload.key() + "#" + slot)));
    }

    @Override
    public CompletionStage<ClaimResult> claim(ClaimRequest request) {
        if (down) {
            return unavailable();
        }
        Reservation existing = slots.get(request.workload().key() + "#" + request.slot());
        if (existing != null) {
            return CompletableFuture.completedFuture(new ClaimResult.Existing(existing));
        }
        for (String a : request.heldByWorkload()) {
            WorkloadRef holder = holders.get(a);
            if (holder != null && !holder.equals(request.workload())) {
                return CompletableFuture.completedFuture(new ClaimResult.Conflict(a, holder));
            }
        }
        request.heldByWorkload().forEach(a -> holders.put(a, request.workload()));
        Reservation r =
                new Reservation(request.workload(), request.slot(), request.pool(), request.addresses(), Instant.EPOCH);
        slots.put(request.workload().key() + "#" + request.slot(), r);
        return CompletableFuture.completedFuture(new ClaimResult.Created(r));
    }

    @Override
    public CompletionStage<List<StoredReservation>> list() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Map<String, WorkloadRef>> holders() {
        return down ? unavailable() : CompletableFuture.completedFuture(Map.copyOf(holders));
    }

    @Override
    public CompletionStage<Boolean> releaseWorkload(WorkloadRef workload, long seenRevision) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public void close() {}

    private static <T> CompletionStage<T> unavailable() {
        return CompletableFuture.failedFuture(
                new StoreUnavailableException("etcd is unavailable at http://etcd:2379", null));
    }
}
