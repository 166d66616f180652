package io.stickyip.core.cloud.aws;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the secondary private address for a pod's EIP in the node's subnet (pure). stickyip names
 * the address itself (AssignPrivateIpAddresses with an explicit address, not a count) so that the
 * binding tag can be written before the address exists: a crash between the two leaves a record of
 * what to clean, never an unknown address on the ENI.
 *
 * <p>AWS keeps the first four addresses and the last of every subnet
 * (docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html); {@code used} is every private address
 * of every ENI in the subnet (DescribeNetworkInterfaces filtered by subnet-id). The search starts at
 * an offset derived from {@code seed} (the EIP's allocation ID), so agents of one subnet choosing at
 * the same time rarely pick the same address; if they do, AWS refuses the second assignment and the
 * next pass picks again.
 */
public final class SecondaryIpChooser {

    private static final int AWS_RESERVED_AT_START = 4;
    private static final int AWS_RESERVED_AT_END = 1;

    private SecondaryIpChooser() {}

    public static Optional<String> choose(String subnetCidr, Set<String> used, String seed) {
        IPAddress block = new IPAddressString(subnetCidr).getAddress();
        if (block == null || !block.isIPv4()) {
            return Optional.empty();
        }
        IPAddress network = block.toPrefixBlock();
        BigInteger size = network.getCount().subtract(BigInteger.valueOf(AWS_RESERVED_AT_START + AWS_RESERVED_AT_END));
        if (size.signum() <= 0) {
            return Optional.empty();
        }
        IPAddress first = network.getLower().withoutPrefixLength().increment(AWS_RESERVED_AT_START);
        long n = size.longValueExact();
        long start = Math.floorMod(seed.hashCode(), n);
        for (long i = 0; i < n; i++) {
            String candidate = first.increment((start + i) % n).toCanonicalString();
            if (!used.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
