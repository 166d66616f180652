package io.stickyip.core.admission;

import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.workload.WorkloadRef;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What to claim for one slot: exact addresses, or a number of addresses from pools. */
public sealed interface SlotPlan {
    WorkloadRef workload();

    int slot();

    OptionalInt prefixLength();

    Optional<String> gateway();

    /**
     * Exact addresses ({@code stickyip.io/ip}, {@code kube-ipam.ip}).
     *
     * @param addresses the slot's addresses
     * @param pools     the pool of each address (parallel list)
     * @param held      the whole list: claimed for the workload at once
     */
    record Explicit(WorkloadRef workload, int slot, List<String> addresses, List<String> pools, List<String> held,
                    OptionalInt prefixLength, Optional<String> gateway) implements SlotPlan { }

    /**
     * Addresses chosen from pools.
     *
     * @param pools   the pools, in annotation order
     * @param perPool how many addresses from each pool
     */
    record FromPools(WorkloadRef workload, int slot, List<CompiledPool> pools, int perPool,
                     OptionalInt prefixLength, Optional<String> gateway) implements SlotPlan { }
}
