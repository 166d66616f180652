package io.stickyip.webhook.reservation;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent read made for a claim (a single etcd revision): the slot's reservation if it
 * exists, and the holder of every address of {@link ClaimRequest#heldByWorkload()} that is held.
 *
 * @param slot    the slot's reservation, empty if the slot key is absent
 * @param holders holder of each held address; an address missing here is free
 */
record ClaimSnapshot(Optional<Reservation> slot, Map<String, WorkloadRef> holders) {

    ClaimSnapshot {
        holders = Map.copyOf(holders);
    }

    /** What the claim does next; pure, the etcd side is in {@link EtcdClaim}. */
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
        return new ClaimStep.Write(free, own);
    }

    /** What a claim does after a read. */
    sealed interface ClaimStep {

        /** Decided without writing: the slot exists, or an address belongs to another workload. */
        record Done(ClaimResult result) implements ClaimStep { }

        /**
         * Write the claim in one transaction, provided the slot is still absent, every {@code free}
         * address still absent and every {@code own} address still ours.
         */
        record Write(List<String> free, List<String> own) implements ClaimStep {
            public Write {
                free = List.copyOf(free);
                own = List.copyOf(own);
            }
        }
    }
}
