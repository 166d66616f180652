package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.Objects;

/**
 * What an admission asks of the store: give {@code slot} of {@code workload} these addresses,
 * and make sure every address in {@code heldByWorkload} belongs to the workload too (an explicit
 * {@code stickyip.io/ip} list is claimed whole at the first admission, so no other workload can
 * take a later replica's address meanwhile).
 *
 * @param workload       owner
 * @param slot           slot within the workload
 * @param pool           pool name, {@code ""} if none
 * @param addresses      addresses for this slot
 * @param heldByWorkload addresses to hold for the workload; always contains {@code addresses}
 * @param limits         the limits of the pools those addresses lie in ({@link PoolLimit#forAddresses}); the store
 *                       refuses a claim past one ({@link ClaimResult.OverLimit}), atomically with the write
 */
public record ClaimRequest(
        WorkloadRef workload,
        int slot,
        String pool,
        List<String> addresses,
        List<String> heldByWorkload,
        List<PoolLimit> limits) {
    public ClaimRequest {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(pool, "pool");
        addresses = List.copyOf(addresses);
        heldByWorkload = List.copyOf(heldByWorkload);
        limits = List.copyOf(limits);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a claim names at least one address");
        }
        if (!heldByWorkload.containsAll(addresses)) {
            throw new IllegalArgumentException("heldByWorkload must contain the slot's addresses");
        }
    }

    /** A claim in pools without limits. */
    public ClaimRequest(
            WorkloadRef workload, int slot, String pool, List<String> addresses, List<String> heldByWorkload) {
        this(workload, slot, pool, addresses, heldByWorkload, List.of());
    }

    public ClaimRequest withLimits(List<PoolLimit> poolLimits) {
        return new ClaimRequest(workload, slot, pool, addresses, heldByWorkload, poolLimits);
    }

    public static ClaimRequest of(WorkloadRef workload, int slot, String pool, List<String> addresses) {
        return new ClaimRequest(workload, slot, pool, addresses, addresses);
    }
}
