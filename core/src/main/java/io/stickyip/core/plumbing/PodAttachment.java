package io.stickyip.core.plumbing;

import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.util.List;
import java.util.Objects;

/**
 * The addresses a pod holds from one pool and what the pool says about reaching them.
 *
 * @param pool       pool name (for messages)
 * @param mode       macvlan, ipvlan or routed
 * @param master     the node interface a macvlan/ipvlan hangs off; null: the node's LAN interface
 * @param addresses  the reserved addresses, each with the pool's prefix length
 * @param gateway    the pool's gateway (macvlan/ipvlan: on the addresses' subnet); null: none, no default route
 * @param routes     the pool's extra routes
 * @param keepOnEth0 destinations that stay on the pod's cluster interface (the cluster's pod and service CIDRs)
 */
public record PodAttachment(
        String pool,
        Mode mode,
        String master,
        List<IpPrefix> addresses,
        String gateway,
        List<PoolRoute> routes,
        List<IpPrefix> keepOnEth0) {
    public PodAttachment {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(mode, "mode");
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        keepOnEth0 = List.copyOf(keepOnEth0);
        if (gateway != null) {
            gateway = IpPrefix.host(gateway).address();
        }
    }
}
