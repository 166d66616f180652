package io.stickyip.core.placement;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a pool's addresses can live, checked and compiled once: the pool's {@code nodeSelector}
 * (valid label keys and values), {@code zones} (valid label values, compared with
 * {@code topology.kubernetes.io/zone}) and {@code subnets} (CIDRs without host bits, of the pool's
 * own address family, compared with the node's InternalIPs of that family).
 *
 * @param pool         the pool's name
 * @param ipv4         the pool's address family
 * @param nodeSelector labels a node must carry, in the pool's order
 * @param zones        zones allowed; empty means any
 * @param subnets      node subnets allowed, as prefix blocks; empty means any
 */
public record Placement(
        String pool, boolean ipv4, Map<String, String> nodeSelector, List<String> zones, List<IPAddress> subnets) {

    public Placement {
        nodeSelector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        zones = List.copyOf(zones);
        subnets = List.copyOf(subnets);
    }

    /** Validates and compiles the placement fields of a pool whose addresses are of family {@code ipv4}. */
    public static Placement of(String pool, IPPoolSpec spec, boolean ipv4) throws ContractViolation {
        Map<String, String> selector = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
            Optional<String> bad = LabelSyntax.keyProblem(e.getKey());
            if (bad.isPresent()) {
                throw new ContractViolation("spec.nodeSelector", shown(e.getKey()), bad.get());
            }
            bad = LabelSyntax.valueProblem(e.getValue());
            if (bad.isPresent()) {
                throw new ContractViolation("spec.nodeSelector." + e.getKey(), shown(e.getValue()), bad.get());
            }
            selector.put(e.getKey(), e.getValue());
        }
        List<String> zones = new ArrayList<>();
        for (String zone : spec.getZones()) {
            if (zone == null || zone.isEmpty()) {
                throw new ContractViolation("spec.zones", "\"\"", "is not a zone name: it is empty");
            }
            Optional<String> bad = LabelSyntax.valueProblem(zone);
            if (bad.isPresent()) {
                throw new ContractViolation(
                        "spec.zones", zone, bad.get().replace("is not a label value", "is not a zone name"));
            }
            zones.add(zone);
        }
        List<IPAddress> subnets = new ArrayList<>();
        for (String subnet : spec.getSubnets()) {
            subnets.add(subnet(subnet, ipv4));
        }
        return new Placement(pool, ipv4, selector, zones, subnets);
    }

    private static IPAddress subnet(String text, boolean ipv4) throws ContractViolation {
        if (text == null || text.isBlank()) {
            throw new ContractViolation("spec.subnets", "(none)", "is missing");
        }
        IPAddress block = new IPAddressString(text.trim()).getAddress();
        if (block == null || !block.isPrefixed()) {
            throw new ContractViolation("spec.subnets", text, "is not a CIDR");
        }
        IPAddress network = block.toPrefixBlock();
        if (!network.getLower().equals(block.getLower())) {
            throw new ContractViolation(
                    "spec.subnets", text, "has host bits set; did you mean " + network.toCanonicalString() + "?");
        }
        if (block.isIPv4() != ipv4) {
            throw new ContractViolation(
                    "spec.subnets",
                    text,
                    "is " + family(block.isIPv4()) + " but the pool's addresses are " + family(ipv4)
                            + ": subnets are matched with the node's InternalIP of the pool's family");
        }
        return network;
    }

    static String family(boolean ipv4) {
        return ipv4 ? "IPv4" : "IPv6";
    }

    private static String shown(String value) {
        return value == null ? "(none)" : value;
    }
}
