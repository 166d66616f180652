package io.stickyip.core.placement;

import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.Node;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.CompiledPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Can a pool's addresses live on a node, and if not, why: the pool's node selector, then its zones
 * ({@code topology.kubernetes.io/zone}), then its subnets (a node InternalIP of the pool's family
 * inside one of them). Pure; build one per pool and check many nodes with it.
 */
public final class NodeFit {
    private final Placement placement;
    /** IPv4 subnets as inclusive ranges of address values: a node's address is checked without allocating. */
    private final long[] v4Lower;

    private final long[] v4Upper;

    private NodeFit(Placement placement) {
        this.placement = placement;
        int n = placement.ipv4() ? placement.subnets().size() : 0;
        this.v4Lower = new long[n];
        this.v4Upper = new long[n];
        for (int i = 0; i < n; i++) {
            v4Lower[i] = placement.subnets().get(i).getLower().toIPv4().longValue();
            v4Upper[i] = placement.subnets().get(i).getUpper().toIPv4().longValue();
        }
    }

    /** The fit of one pool; fails if the pool's placement fields are invalid. */
    public static NodeFit of(CompiledPool pool) throws ContractViolation {
        return new NodeFit(Placement.of(pool.name(), pool.spec(), pool.space().isIPv4()));
    }

    public static NodeFit of(Placement placement) {
        return new NodeFit(placement);
    }

    /** One-shot: can {@code pool}'s addresses live on {@code node}. */
    public static Fit check(CompiledPool pool, Node node) throws ContractViolation {
        return of(pool).check(NodeFacts.of(node));
    }

    public Placement placement() {
        return placement;
    }

    public Fit check(NodeFacts node) {
        for (Map.Entry<String, String> want : placement.nodeSelector().entrySet()) {
            String have = node.labels().get(want.getKey());
            if (!want.getValue().equals(have)) {
                String what = have == null ? "has no label " + want.getKey() : "has " + want.getKey() + "=" + have;
                return misfit(
                        Fit.Rule.NODE_SELECTOR,
                        node,
                        what + ", pool " + placement.pool() + " needs " + want.getKey() + "=" + want.getValue());
            }
        }
        if (!placement.zones().isEmpty()) {
            Optional<String> zone = node.zone();
            if (zone.isEmpty() || !placement.zones().contains(zone.get())) {
                String where =
                        zone.map(z -> "is in zone " + z).orElse("has no zone (label " + NodeFacts.ZONE_LABEL + ")");
                return misfit(
                        Fit.Rule.ZONE,
                        node,
                        where + ", pool " + placement.pool() + " allows " + plural("zone", placement.zones()));
            }
        }
        if (!placement.subnets().isEmpty()) {
            return subnetFit(node);
        }
        return Fit.FITS;
    }

    private Fit subnetFit(NodeFacts node) {
        for (IPAddress ip : node.internalIPs()) {
            if (ip.isIPv4() == placement.ipv4() && inSubnet(ip)) {
                return Fit.FITS;
            }
        }
        List<String> ips = new ArrayList<>();
        for (IPAddress ip : node.internalIPs()) {
            if (ip.isIPv4() == placement.ipv4()) {
                ips.add(ip.toCanonicalString());
            }
        }
        String have = ips.isEmpty()
                ? "has no " + Placement.family(placement.ipv4()) + " InternalIP"
                : "has " + plural("InternalIP", ips);
        List<String> subnets = new ArrayList<>();
        for (IPAddress subnet : placement.subnets()) {
            subnets.add(subnet.toCanonicalString());
        }
        return misfit(
                Fit.Rule.SUBNET, node, have + ", pool " + placement.pool() + " allows " + plural("subnet", subnets));
    }

    private boolean inSubnet(IPAddress ip) {
        if (placement.ipv4()) {
            long value = ip.toIPv4().longValue();
            for (int i = 0; i < v4Lower.length; i++) {
                if (value >= v4Lower[i] && value <= v4Upper[i]) {
                    return true;
                }
            }
            return false;
        }
        for (IPAddress subnet : placement.subnets()) {
            if (subnet.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private static Fit misfit(Fit.Rule rule, NodeFacts node, String rest) {
        return new Fit.Misfit(rule, "node " + node.name() + " " + rest);
    }

    private static String plural(String noun, List<String> values) {
        return noun + (values.size() == 1 ? " " : "s ") + String.join(", ", values);
    }
}
