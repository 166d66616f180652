package io.stickyip.controller.gc;

import io.stickyip.core.workload.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When a workload's addresses may be released: only after the workload has been seen missing
 * continuously for the grace period, and never while a reservation younger than the grace exists
 * (admission runs before the pod is stored, so a fresh reservation's pod may not exist yet).
 * A workload seen again is forgotten at once. Pure: the caller passes what it observed.
 */
public final class ReleasePolicy {
    private final Duration grace;
    private final Map<WorkloadRef, Instant> missingSince = new HashMap<>();

    public ReleasePolicy(Duration grace) {
        this.grace = grace;
    }

    /** Records that the workload exists; any missing-since mark is dropped. */
    public void seen(WorkloadRef workload) {
        missingSince.remove(workload);
    }

    /**
     * Records that the workload was missing at {@code now}; true if it may be released now.
     *
     * @param newestClaim when the workload's newest reservation was written
     */
    public boolean missing(WorkloadRef workload, Instant newestClaim, Instant now) {
        Instant since = missingSince.computeIfAbsent(workload, w -> now);
        return !since.plus(grace).isAfter(now) && !newestClaim.plus(grace).isAfter(now);
    }

    /** Drops marks of workloads that no longer have reservations. */
    public void retainOnly(Set<WorkloadRef> withReservations) {
        missingSince.keySet().retainAll(withReservations);
    }

    public void released(WorkloadRef workload) {
        missingSince.remove(workload);
    }
}
