package io.stickyip.core.admission;

import io.fabric8.kubernetes.api.model.Node;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.placement.Fit;
import io.stickyip.core.placement.NodeFit;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import java.util.List;
import java.util.Optional;

/**
 * A pod pinned with {@code spec.nodeName} skips the scheduler and its extender, so admission checks
 * what the extender's filter would have: each of the pod's pools must be able to live on that node.
 * Pure; the node comes from the caller (unknown nodes pass here: the agent refuses them later).
 */
public final class PinnedNode {
    private PinnedNode() {}

    /** Why {@code node} cannot host the pod's pools (the first pool that does not fit), or empty when it can. */
    public static Optional<String> refusal(Node node, List<String> poolNames, PoolCatalog catalog) {
        for (String name : poolNames) {
            Optional<CompiledPool> pool = catalog.get(name);
            if (pool.isEmpty()) {
                continue; // the slot planner refuses unknown pools with its own message
            }
            try {
                if (NodeFit.check(pool.get(), node) instanceof Fit.Misfit m) {
                    return Optional.of("spec.nodeName: " + m.message() + " (spec."
                            + m.rule().field()
                            + "); pin the pod to a node the pool allows, or leave spec.nodeName to the scheduler");
                }
            } catch (ContractViolation v) {
                return Optional.of("pool " + name + ": " + v.getMessage());
            }
        }
        return Optional.empty();
    }
}
