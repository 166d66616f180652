package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Durable, cluster-wide reservations. Every method completes within the store's timeout or fails
 * with {@link StoreUnavailableException}; a failed call has written nothing.
 */
public interface ReservationStore extends AutoCloseable {

    /** The slot's reservation, if any. */
    CompletionStage<Optional<Reservation>> find(WorkloadRef workload, int slot);

    /**
     * Atomically: if the slot already has a reservation, returns it ({@link ClaimResult.Existing});
     * else if any address of {@link ClaimRequest#heldByWorkload()} belongs to another workload,
     * returns {@link ClaimResult.Conflict} and writes nothing; else writes the slot and every
     * address in one transaction ({@link ClaimResult.Created}). Two workloads can never hold one
     * address, whatever the concurrency.
     */
    CompletionStage<ClaimResult> claim(ClaimRequest request);

    /** Every reservation, with revisions (for garbage collection and status). */
    CompletionStage<List<StoredReservation>> list();

    /** One workload's reservations, with revisions; by default filtered from {@link #list()}. */
    default CompletionStage<List<StoredReservation>> reservations(WorkloadRef workload) {
        return list().thenApply(all -> all.stream()
                .filter(r -> r.reservation().workload().equals(workload))
                .toList());
    }

    /** Every held address and its holder (also addresses held by a workload but not yet by a slot). */
    CompletionStage<Map<String, WorkloadRef>> holders();

    /**
     * Deletes every slot and held address of the workload in one transaction, but only if the
     * workload has not claimed anything since revision {@code seenRevision} (a
     * {@link StoredReservation#workloadRevision()}): fenced by revision, never by time. Returns
     * false if something changed; nothing was deleted then.
     */
    CompletionStage<Boolean> releaseWorkload(WorkloadRef workload, long seenRevision);

    @Override
    void close();
}
