package io.stickyip.controller.gc;

import io.stickyip.core.admission.Liveness;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What becomes of a slot whose pod never came to exist: an admission took it (a pending occupant,
 * known by its claim token) and reserved its addresses, and a later step of the API server's
 * admission (ResourceQuota, Pod Security, validation) refused the pod. Such a slot is looked at
 * once it has been pending for the unborn grace, and given back only when the API server shows no
 * pod of it; a bare pod's reservation goes with it when this very admission made it (one made
 * before belongs to an earlier pod of the name, which did exist: the workload grace decides that).
 * A Deployment's or StatefulSet's reservation stays with the workload. Pure: the caller passes
 * what it read, the store first, then the pods.
 */
public final class UnbornPolicy {
    private final Duration grace;

    public UnbornPolicy(Duration grace) {
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /** Whether the occupant is to be looked at: never bound to a pod, and taken at least the grace ago. */
    public boolean due(Occupant occupant, Instant now) {
        return occupant.pending() && !occupant.since().plus(grace).isAfter(now);
    }

    /**
     * What to do with a due occupant.
     *
     * @param view         what the pod view knows of the occupant's pod
     * @param reservations the occupant's workload's reservations, read before the pods
     * @param podExists    whether the API server showed a pod of it (by name, or carrying its claim token)
     */
    public Unborn decide(
            StoredOccupant occupant, Liveness view, List<StoredReservation> reservations, boolean podExists) {
        if (view != Liveness.UNKNOWN) {
            return new Unborn.Keep("its pod was seen (" + view + "): the pod view binds or vacates it");
        }
        if (podExists) {
            return new Unborn.Keep("the API server shows its pod");
        }
        if (!occupant.workload().kind().equals(WorkloadRef.POD) || reservations.isEmpty()) {
            return new Unborn.Vacate();
        }
        Instant admitted = occupant.occupant().since();
        boolean madeByThisAdmission =
                reservations.stream().allMatch(r -> !r.reservation().createdAt().isBefore(admitted));
        return madeByThisAdmission
                ? new Unborn.Release(reservations.getFirst().workloadRevision())
                : new Unborn.Vacate();
    }

    /** The decision. */
    public sealed interface Unborn {

        /** Leave it: the pod exists, or may. */
        record Keep(String reason) implements Unborn {}

        /** Give the slot back (guarded on the occupant's revision); the workload keeps its reservation. */
        record Vacate() implements Unborn {}

        /**
         * Give the slot back and release the bare pod's reservation, in one transaction guarded on the
         * occupant's revision and on the workload's revision as read.
         */
        record Release(long workloadRevision) implements Unborn {}
    }
}
