package io.stickyip.runtime.pods;

import io.stickyip.core.admission.Liveness;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.workload.WorkloadRef;

/**
 * Asks the API server (a live read, not a cache) whether an occupant's pod is live, when the pod
 * view does not know. Blocking: run it on a worker thread. Never answers {@link Liveness#UNKNOWN}:
 * what cannot be shown gone is live.
 */
public interface LiveCheck {

    Liveness check(WorkloadRef workload, Occupant occupant);

    /** Without a cluster nothing can be shown gone. */
    LiveCheck NONE = (workload, occupant) -> Liveness.LIVE;
}
