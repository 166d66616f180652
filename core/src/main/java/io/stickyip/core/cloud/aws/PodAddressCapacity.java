package io.stickyip.core.cloud.aws;

import java.util.Set;

/**
 * How many pod-level public addresses a node can take (pure): the secondary private addresses its
 * primary ENI has room for. The instance type's IPv4-addresses-per-interface limit
 * (DescribeInstanceTypes, NetworkInfo.Ipv4AddressesPerInterface) counts the primary address too;
 * secondary addresses someone else put on the ENI (the VPC CNI, for instance) take room as well.
 * The agent publishes this as the node's capacity, so the extender never sends a pod to a full node.
 *
 * @param ipv4PerInterface the type's limit
 * @param eni              the node's primary ENI now
 * @param ours             the secondary addresses stickyip bound on it (the EIPs' binding tags)
 */
public record PodAddressCapacity(int ipv4PerInterface, EniView eni, Set<String> ours) {

    public PodAddressCapacity {
        ours = Set.copyOf(ours);
    }

    /** Addresses stickyip may hold on this ENI in all: ours plus the free room. */
    public int capacity() {
        long foreign = eni.privateIps().stream()
                .filter(ip -> !ip.equals(eni.primaryIp()) && !ours.contains(ip))
                .count();
        return (int) Math.max(0, ipv4PerInterface - 1 - foreign);
    }

    /** Room for one more. */
    public boolean hasRoom() {
        return ours.stream().filter(eni::holds).count() < capacity();
    }
}
