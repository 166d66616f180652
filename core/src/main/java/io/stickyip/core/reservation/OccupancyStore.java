package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Which pod occupies which slot of a workload, decided in the store: one key per (workload,
 * slot), written only by a transaction guarded on what was read, so two admissions (on any
 * replicas) can never both take one slot. Same timeout and failure contract as
 * {@link ReservationStore}.
 */
public interface OccupancyStore {

    /** The workload's occupants, one consistent read. */
    CompletionStage<List<StoredOccupant>> occupants(WorkloadRef workload);

    /**
     * Atomically: if the slot's key was last written at {@code expectedRevision} ({@code 0}: the
     * slot has no occupant), write {@code occupant} ({@link OccupyResult.Taken}); else write
     * nothing and return the workload's occupants as they are now ({@link OccupyResult.Lost}).
     * Also marks the workload as claimed (a release fenced on an earlier revision does nothing).
     */
    CompletionStage<OccupyResult> occupy(WorkloadRef workload, int slot, Occupant occupant, long expectedRevision);

    /**
     * Deletes the slot's occupant if its key is still at {@code revision}; false if it changed
     * (or is gone). Only a pod known not to be live may be vacated.
     */
    CompletionStage<Boolean> vacate(StoredOccupant occupant);

    /**
     * Gives back the slot of a pod that never came to exist and releases its workload (a bare pod)
     * in one transaction: only if the occupant's key is still at its revision as read and the
     * workload has claimed nothing since {@code seenRevision} (its
     * {@link StoredReservation#workloadRevision()}). False if anything changed; nothing was deleted then.
     */
    CompletionStage<Boolean> releaseUnborn(StoredOccupant pending, long seenRevision);

    /** Binds a pending occupant to its pod, if its key is still at the revision read. */
    CompletionStage<Boolean> bind(StoredOccupant pending, String podName, String podUid);

    /** Every occupant of every workload (for the sweep of occupants whose pods are gone). */
    CompletionStage<List<StoredOccupant>> allOccupants();
}
