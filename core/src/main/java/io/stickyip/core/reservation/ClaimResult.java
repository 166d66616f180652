package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;

/** Outcome of {@link ReservationStore#claim}: an outcome as a type, never a null or a boolean. */
public sealed interface ClaimResult {

    /** The slot was free and now holds the requested addresses. */
    record Created(Reservation reservation) implements ClaimResult { }

    /** The slot already had a reservation (re-admission, retry, recreated pod): it is returned unchanged. */
    record Existing(Reservation reservation) implements ClaimResult { }

    /** An address is held by another workload; nothing was written. */
    record Conflict(String address, WorkloadRef holder) implements ClaimResult { }
}
