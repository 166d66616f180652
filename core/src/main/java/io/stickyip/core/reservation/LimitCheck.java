package io.stickyip.core.reservation;

import io.stickyip.core.workload.WorkloadRef;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a claim would take its namespace, or its workload, past a pool's limit; pure. The store
 * calls it with what it read in one revision (every address the namespace's workloads hold) and
 * guards its write so that nothing was added in between (docs/reservations.md, "Limits").
 */
public final class LimitCheck {
    private LimitCheck() {}

    /** An address one of the namespace's workloads holds. */
    public record Held(WorkloadRef workload, String address) {}

    /**
     * @param workload   the claiming workload
     * @param limits     the limits of the pools the claim touches
     * @param namespace  every address the workloads of the claiming workload's namespace hold
     * @param newlyHeld  the addresses the claim would add to what the workload holds
     * @return the first limit passed, if any
     */
    public static Optional<ClaimResult.OverLimit> check(
            WorkloadRef workload, List<PoolLimit> limits, Collection<Held> namespace, Collection<String> newlyHeld) {
        for (PoolLimit limit : limits) {
            int adding =
                    (int) newlyHeld.stream().distinct().filter(limit::contains).count();
            if (adding == 0) {
                continue;
            }
            List<Held> ofPool =
                    namespace.stream().filter(h -> limit.contains(h.address())).toList();
            long namespaceHolds = ofPool.size();
            long workloadHolds =
                    ofPool.stream().filter(h -> h.workload().equals(workload)).count();
            if (limit.perNamespace().isPresent()
                    && namespaceHolds + adding > limit.perNamespace().getAsInt()) {
                return Optional.of(new ClaimResult.OverLimit(
                        limit.pool(),
                        ClaimResult.OverLimit.Rule.PER_NAMESPACE,
                        "namespace " + workload.namespace(),
                        namespaceHolds,
                        adding,
                        limit.perNamespace().getAsInt()));
            }
            if (limit.perWorkload().isPresent()
                    && workloadHolds + adding > limit.perWorkload().getAsInt()) {
                return Optional.of(new ClaimResult.OverLimit(
                        limit.pool(),
                        ClaimResult.OverLimit.Rule.PER_WORKLOAD,
                        workload.toString(),
                        workloadHolds,
                        adding,
                        limit.perWorkload().getAsInt()));
            }
        }
        return Optional.empty();
    }
}
