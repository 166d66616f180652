package io.stickyip.core.placement;

import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.stickyip.core.contract.Addresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What placement looks at on a Node, read once: its name, labels and InternalIPs.
 *
 * @param name        the node's name
 * @param labels      its labels
 * @param internalIPs its {@code status.addresses} of type InternalIP that are IP addresses
 */
public record NodeFacts(String name, Map<String, String> labels, List<IPAddress> internalIPs) {
    /** The well-known zone label (kubernetes.io docs, "Well-Known Labels"). */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    public NodeFacts {
        labels = Map.copyOf(labels);
        internalIPs = List.copyOf(internalIPs);
    }

    public static NodeFacts of(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        List<IPAddress> ips = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) {
                    Addresses.parse(a.getAddress()).ifPresent(ips::add);
                }
            }
        }
        return new NodeFacts(node.getMetadata().getName(), labels, ips);
    }

    public Optional<String> zone() {
        return Optional.ofNullable(labels.get(ZONE_LABEL));
    }
}
