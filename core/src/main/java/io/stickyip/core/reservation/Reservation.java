package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Addresses held by one slot of a workload. A slot is the StatefulSet ordinal, or the index of
 * a Deployment's pod among its live pods; a bare pod has slot 0.
 *
 * @param workload  owner of the addresses
 * @param slot      slot within the workload, {@code >= 0}
 * @param pool      name of the pool the addresses come from ({@code ""} if none)
 * @param addresses the addresses of this slot, canonical text form, in the order the pod gets them
 * @param createdAt when the reservation was first written
 */
public record Reservation(WorkloadRef workload, int slot, String pool, List<String> addresses, Instant createdAt) {
    public Reservation {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(createdAt, "createdAt");
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be >= 0: " + slot);
        }
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a reservation holds at least one address");
        }
    }
}
