package io.stickyip.core.admission;

import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The addresses a pod gets, as written onto it.
 *
 * @param workload     owner
 * @param slot         slot within the owner
 * @param addresses    reserved addresses, canonical text, in order
 * @param pools        pools the addresses come from (parallel to {@code addresses}; "" if none)
 * @param prefixLength prefix length inside the pod, if known
 * @param gateway      gateway, if known
 * @param claim        the claim token of the slot's occupant ({@code ""} when slots are not kept, standalone mode)
 */
public record Assignment(
        WorkloadRef workload,
        int slot,
        List<String> addresses,
        List<String> pools,
        OptionalInt prefixLength,
        Optional<String> gateway,
        String claim) {
    public Assignment {
        addresses = List.copyOf(addresses);
        pools = List.copyOf(pools);
        Objects.requireNonNull(claim, "claim");
    }

    public Assignment(
            WorkloadRef workload,
            int slot,
            List<String> addresses,
            List<String> pools,
            OptionalInt prefixLength,
            Optional<String> gateway) {
        this(workload, slot, addresses, pools, prefixLength, gateway, "");
    }

    public Assignment withClaim(String token) {
        return new Assignment(workload, slot, addresses, pools, prefixLength, gateway, token);
    }
}
