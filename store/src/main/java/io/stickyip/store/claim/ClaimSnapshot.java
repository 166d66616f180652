package io.stickyip.store.claim;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One consistent read made for a claim (a single etcd revision): the slot's reservation if it
 * exists, the holder of every address of {@link ClaimRequest#heldByWorkload()} that is held, and
 * the binding (the slot its held key names, or none) of every address of the slot's own
 * {@link ClaimRequest#addresses()} whose held key exists.
 *
 * @param slot     the slot's reservation, empty if the slot key is absent
 * @param holders  holder of each held address; an address missing here is free
 * @param bindings the slot each of the claim's addresses is bound to, for those with a held key
 *                 under the claiming workload (empty value: held for the workload, no slot)
 */
record ClaimSnapshot(Optional<Reservation> slot, Map<String, WorkloadRef> holders, Map<String, OptionalInt> bindings) {

    ClaimSnapshot {
        holders = Map.copyOf(holders);
        bindings = Map.copyOf(bindings);
    }

    ClaimSnapshot(Optional<Reservation> slot, Map<String, WorkloadRef> holders) {
        this(slot, holders, Map.of());
    }

    /**
     * What the claim does next; pure, the etcd side is in {@link EtcdClaim}. An address belongs to
     * one (workload, slot): one of the workload's own addresses bound to another of its slots is a
     * conflict, exactly like an address of another workload.
     */
    ClaimStep decide(ClaimRequest request) {
        if (slot.isPresent()) {
            return new ClaimStep.Done(new ClaimResult.Existing(slot.get()));
        }
        List<String> free = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String address : new LinkedHashSet<>(request.heldByWorkload())) {
            WorkloadRef holder = holders.get(address);
            if (holder == null) {
                free.add(address);
            } else if (holder.equals(request.workload())) {
                own.add(address);
            } else {
                return new ClaimStep.Done(new ClaimResult.Conflict(address, holder));
            }
        }
        Map<String, OptionalInt> ownOfSlot = new LinkedHashMap<>();
        for (String address : new LinkedHashSet<>(request.addresses())) {
            if (!own.contains(address)) {
                continue;
            }
            OptionalInt bound = bindings.get(address);
            if (bound == null) {
                throw new IllegalStateException(address + " is held by " + request.workload()
                        + " but its held index key is missing: the store is inconsistent");
            }
            if (bound.isPresent() && bound.getAsInt() != request.slot()) {
                return new ClaimStep.Done(new ClaimResult.Conflict(address, request.workload(), bound));
            }
            ownOfSlot.put(address, bound);
        }
        return new ClaimStep.Write(free, own, ownOfSlot);
    }

    /** What a claim does after a read. */
    sealed interface ClaimStep {

        /** Decided without writing: the slot exists, or an address belongs to another workload or slot. */
        record Done(ClaimResult result) implements ClaimStep {}

        /**
         * Write the claim in one transaction, provided the slot is still absent, every {@code free}
         * address still absent, every {@code own} address still ours, and every own address of
         * this slot still bound as read ({@code ownOfSlot}: unbound, or already this slot's).
         */
        record Write(List<String> free, List<String> own, Map<String, OptionalInt> ownOfSlot) implements ClaimStep {
            public Write {
                free = List.copyOf(free);
                own = List.copyOf(own);
                ownOfSlot = Map.copyOf(ownOfSlot);
            }

            Write(List<String> free, List<String> own) {
                this(free, own, Map.of());
            }
        }
    }
}
