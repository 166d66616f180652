package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;
import java.util.OptionalInt;

/** Outcome of {@link ReservationStore#claim}: an outcome as a type, never a null or a boolean. */
public sealed interface ClaimResult {

    /** The slot was free and now holds the requested addresses. */
    record Created(Reservation reservation) implements ClaimResult {}

    /** The slot already had a reservation (re-admission, retry, recreated pod): it is returned unchanged. */
    record Existing(Reservation reservation) implements ClaimResult {}

    /**
     * An address is held by another workload, or by another slot of the same workload; nothing
     * was written.
     *
     * @param slot the other slot, when the holder is the claiming workload itself
     */
    record Conflict(String address, WorkloadRef holder, OptionalInt slot) implements ClaimResult {
        public Conflict(String address, WorkloadRef holder) {
            this(address, holder, OptionalInt.empty());
        }

        /** {@code 203.0.113.7 is reserved by deployment shop/db} (and {@code slot 3} when it is one of the workload's own). */
        public String describe() {
            return address + " is reserved by " + holder + (slot.isPresent() ? " slot " + slot.getAsInt() : "");
        }

        /**
         * The denial for {@code asking}, whose {@code source} annotation named the address: {@link #describe()}
         * when the holder is of the asker's namespace; otherwise it names neither namespace nor workload
         * ({@code stickyip.io/ip: 203.0.113.7 is already reserved by a workload in another namespace}), so a
         * tenant learns nothing of another namespace from a denial or a dry run.
         */
        public String describeFor(WorkloadRef asking, String source) {
            return holder.namespace().equals(asking.namespace())
                    ? describe()
                    : source + ": " + address + " is already reserved by a workload in another namespace";
        }
    }

    /**
     * The claim would take its namespace or its workload past a limit of the pool
     * ({@code spec.limits}); nothing was written. Names only the asking namespace and its own workload.
     *
     * @param pool   the pool
     * @param rule   which limit
     * @param holder {@code namespace dev} or the workload ({@code deployment dev/web})
     * @param holds  how many of the pool's addresses the holder has now
     * @param adding how many the claim would add
     * @param limit  the limit
     */
    record OverLimit(String pool, Rule rule, String holder, long holds, int adding, int limit) implements ClaimResult {

        /** The limits of {@code spec.limits}. */
        public enum Rule {
            PER_NAMESPACE("perNamespace", "delete a workload or ask for a higher limit"),
            PER_WORKLOAD("perWorkload", "a workload keeps its addresses while it exists: ask for a higher limit");

            private final String field;
            private final String remedy;

            Rule(String field, String remedy) {
                this.field = field;
                this.remedy = remedy;
            }

            public String field() {
                return "spec.limits." + field;
            }
        }

        /**
         * {@code namespace dev holds 5 addresses of pool public-eu, its limit (spec.limits.perNamespace); delete a workload
         * or ask for a higher limit}.
         */
        public String describe() {
            String holding = holder + " holds " + holds + (holds == 1 ? " address" : " addresses") + " of pool " + pool;
            String where = holds == limit
                    ? ", its limit (" + rule.field() + ")"
                    : holds > limit
                            ? ", past its limit of " + limit + " (" + rule.field() + ")"
                            : "; " + adding + " more would pass its limit of " + limit + " (" + rule.field() + ")";
            return holding + where + "; " + rule.remedy;
        }
    }
}
