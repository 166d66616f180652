package io.stickyip.core.intent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.contract.ReservationSeal;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.placement.Fit;
import io.stickyip.core.placement.NodeFit;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a pod's reservation is one stickyip made, checked against what its author cannot write (pure): the
 * webhook's seal over the written annotations and the pod's namespace ({@link ReservationSeal}), and each
 * address against its pool: inside it, the pool open to the pod's namespace, this node within the pool's
 * placement. The node's agent and the stand-in both ask it before anything is claimed or plumbed.
 */
public final class ReservationCheck {
    public static final String UNSEALED = "ReservationNotSealed";
    public static final String OUTSIDE_POOL = "AddressOutsidePool";
    public static final String NAMESPACE = "NamespaceNotAllowed";
    public static final String PLACEMENT = "NodeOutsidePlacement";

    private ReservationCheck() {}

    /**
     * What the check reads that a tenant cannot write.
     *
     * @param keys the webhook's public keys
     * @param node this node's Node object (or, for the stand-in, the pod's node), if known
     */
    public record Trust(SealKeys keys, Optional<Node> node) {}

    /** The pod's addresses by pool, in the pod's order, once they passed; or why not. */
    public sealed interface Result {
        record Passed(Map<CompiledPool, List<String>> byPool) implements Result {
            public Passed {
                byPool = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byPool));
            }
        }

        record Refused(PodIntent.Invalid why) implements Result {}
    }

    /** The seal first, then each address and its pool; {@code mp} must be {@link ManagedPod#complete()}. */
    public static Result check(Pod pod, ManagedPod mp, Trust trust, PoolCatalog catalog) {
        Optional<PodIntent.Invalid> sealed = seal(pod, trust.keys());
        return sealed.isPresent() ? new Result.Refused(sealed.get()) : pools(pod, mp, trust, catalog);
    }

    /** Each address and its pool, for a pod whose {@link #seal} was already verified. */
    public static Result pools(Pod pod, ManagedPod mp, Trust trust, PoolCatalog catalog) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (ManagedPod.ReservedAddress r : mp.reserved(catalog)) {
            if (r.pool().isEmpty()) {
                return refused(
                        PodIntent.UNKNOWN_POOL,
                        "address " + r.address() + ": no pool named on the pod (" + String.join(",", mp.pools())
                                + ") holds it");
            }
            byName.computeIfAbsent(r.pool().get(), k -> new ArrayList<>()).add(r.address());
        }
        String namespace = pod.getMetadata().getNamespace();
        Map<CompiledPool, List<String>> byPool = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : byName.entrySet()) {
            Optional<CompiledPool> pool = catalog.get(e.getKey());
            if (pool.isEmpty()) {
                return refused(
                        PodIntent.UNKNOWN_POOL,
                        "pool " + e.getKey() + " of " + String.join(",", e.getValue()) + " "
                                + catalog.brokenReason(e.getKey())
                                        .map(r -> "is invalid: " + r)
                                        .orElse("does not exist"));
            }
            Optional<PodIntent.Invalid> wrong = poolProblem(pool.get(), e.getValue(), namespace, trust.node());
            if (wrong.isPresent()) {
                return new Result.Refused(wrong.get());
            }
            byPool.put(pool.get(), e.getValue());
        }
        return new Result.Passed(byPool);
    }

    /** The seal alone: missing, not this cluster's webhook's, or not over these annotations and this namespace. */
    public static Optional<PodIntent.Invalid> seal(Pod pod, SealKeys keys) {
        return ReservationSeal.verify(keys, pod) instanceof ReservationSeal.Verdict.Invalid(String reason)
                ? Optional.of(new PodIntent.Invalid(
                        UNSEALED, reason + ": the address was not reserved by stickyip for this pod"))
                : Optional.empty();
    }

    private static Optional<PodIntent.Invalid> poolProblem(
            CompiledPool pool, List<String> addresses, String namespace, Optional<Node> node) {
        for (String a : addresses) {
            if (Addresses.parse(a).map(ip -> !pool.space().contains(ip)).orElse(true)) {
                return invalid(
                        OUTSIDE_POOL,
                        "address " + a + " is not one of pool " + pool.name()
                                + "'s addresses (its ranges, less exclusions and gateway)");
            }
        }
        if (!pool.allowsNamespace(namespace)) {
            return invalid(NAMESPACE, "namespace " + namespace + " may not use pool " + pool.name());
        }
        if (node.isEmpty()) {
            return invalid(
                    PLACEMENT, "the node is not known yet: pool " + pool.name() + "'s placement cannot be checked");
        }
        Fit fit;
        try {
            fit = NodeFit.check(pool, node.get());
        } catch (ContractViolation v) {
            return invalid(PodIntent.UNKNOWN_POOL, "pool " + pool.name() + " is invalid: " + v.getMessage());
        }
        return fit instanceof Fit.Misfit(Fit.Rule rule, String message)
                ? invalid(PLACEMENT, message + " (spec." + rule.field() + "): its addresses cannot live there")
                : Optional.empty();
    }

    private static Result refused(String reason, String message) {
        return new Result.Refused(new PodIntent.Invalid(reason, message));
    }

    private static Optional<PodIntent.Invalid> invalid(String reason, String message) {
        return Optional.of(new PodIntent.Invalid(reason, message));
    }
}
