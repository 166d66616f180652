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

    /** The names of the pools the slot's addresses come from, in order ("" for an address in no pool). */
    List<String> poolNames();

    /**
     * Exact addresses ({@code stickyip.io/ip}, {@code kube-ipam.ip}).
     *
     * @param addresses the slot's addresses
     * @param pools     the pool of each address (parallel list)
     * @param held      the whole list: claimed for the workload at once
     * @param source    the annotation the list came from (for messages)
     */
    record Explicit(
            WorkloadRef workload,
            int slot,
            List<String> addresses,
            List<String> pools,
            List<String> held,
            OptionalInt prefixLength,
            Optional<String> gateway,
            String source)
            implements SlotPlan {
        @Override
        public List<String> poolNames() {
            return pools;
        }
    }

    /**
     * Addresses chosen from pools.
     *
     * @param pools   the pools, in annotation order
     * @param perPool how many addresses from each pool
     */
    record FromPools(
            WorkloadRef workload,
            int slot,
            List<CompiledPool> pools,
            int perPool,
            OptionalInt prefixLength,
            Optional<String> gateway)
            implements SlotPlan {
        @Override
        public List<String> poolNames() {
            return pools.stream().map(CompiledPool::name).toList();
        }

        /** The same claim for another slot: what a slot takes from pools does not depend on its number. */
        public FromPools withSlot(int other) {
            return new FromPools(workload, other, pools, perPool, prefixLength, gateway);
        }
    }
}
