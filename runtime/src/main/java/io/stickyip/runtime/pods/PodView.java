package io.stickyip.runtime.pods;

import io.stickyip.core.admission.Liveness;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.workload.WorkloadRef;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the webhook sees of existing pods (an informer cache: possibly behind, never ahead).
 * Hints for the slot choice; the store's occupants decide.
 */
public interface PodView {

    /** Slots shown by pods of the workload that exist and are not terminating or finished. */
    Set<Integer> slotsInUse(WorkloadRef workload);

    /** How many pods of the workload can live at once, if known: a Recreate Deployment's spec.replicas. */
    default OptionalInt replicas(WorkloadRef workload) {
        return OptionalInt.empty();
    }

    /**
     * Whether an occupant of the workload's slot has a live pod: by its UID once bound, by its claim
     * token while pending, among the pods of the workload's own namespace only.
     * {@link Liveness#UNKNOWN} when the pod is not in view (not seen yet, or the view is behind).
     */
    default Liveness liveness(WorkloadRef workload, Occupant occupant) {
        return Liveness.UNKNOWN;
    }

    /**
     * Whether a pod of {@code namespace} carrying the claim token {@code stickyip.io/claim} exists or existed
     * (in view): the admission of that token is over, so a new pod that shows its seal is a copy, not a
     * reinvocation.
     */
    default boolean claimed(String namespace, String token) {
        return false;
    }

    /** False when there is no cluster to look at (standalone mode): every pod then uses slot 0. */
    boolean available();

    PodView NONE = new PodView() {
        @Override
        public Set<Integer> slotsInUse(WorkloadRef workload) {
            return Set.of();
        }

        @Override
        public boolean available() {
            return false;
        }
    };
}
