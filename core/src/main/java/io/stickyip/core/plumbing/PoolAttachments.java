package io.stickyip.core.plumbing;

import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.Attachment;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Route;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** From a pool and the pod's addresses of it (as {@code ManagedPod} reads them) to the planner's attachment. */
public final class PoolAttachments {
    private PoolAttachments() {}

    /**
     * @param pool        the compiled pool the addresses came from
     * @param addresses   the pod's reserved addresses of this pool, canonical text
     * @param podPrefix   the prefix length written on the pod ({@code stickyip.io/prefix-length}), overriding the pool's
     * @param podGateway  the gateway written on the pod ({@code stickyip.io/gateway}), overriding the pool's
     * @param keepOnEth0  the cluster's pod and service CIDRs (the agent's configuration)
     */
    public static PodAttachment of(
            CompiledPool pool,
            List<String> addresses,
            OptionalInt podPrefix,
            Optional<String> podGateway,
            List<IpPrefix> keepOnEth0) {
        IPPoolSpec spec = pool.spec();
        int prefix = podPrefix.orElse(pool.prefixLength());
        Attachment attachment = spec.getAttachment() == null ? new Attachment() : spec.getAttachment();
        String gateway = podGateway.orElse(spec.getGateway());
        List<PoolRoute> routes =
                spec.getRoutes().stream().map(PoolAttachments::route).toList();
        List<IpPrefix> addrs =
                addresses.stream().map(a -> new IpPrefix(a, prefix)).toList();
        return new PodAttachment(
                pool.name(), attachment.getMode(), attachment.getMaster(), addrs, gateway, routes, keepOnEth0);
    }

    private static PoolRoute route(Route r) {
        return new PoolRoute(
                IpPrefix.parse(r.getDst()), r.getVia() == null || r.getVia().isBlank() ? null : r.getVia());
    }
}
