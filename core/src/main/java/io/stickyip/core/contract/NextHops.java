package io.stickyip.core.contract;

import inet.ipaddr.IPAddress;

/**
 * The rule for a next hop (a gateway, a route's {@code via}): it lies inside the prefix of the
 * address it serves (it must be reachable on the pod's network without a route) and is not that
 * address itself.
 */
public final class NextHops {
    private NextHops() {}

    /**
     * @param field        the annotation or field the hop came from, for the message
     * @param hop          the gateway or next hop
     * @param address      an address the hop serves
     * @param prefixLength the prefix length of that address inside the pod
     */
    public static void check(String field, IPAddress hop, IPAddress address, int prefixLength)
            throws ContractViolation {
        check(field, hop, address, prefixLength, Addresses.canonical(address));
    }

    /**
     * As {@link #check(String, IPAddress, IPAddress, int)}, for one address standing for many
     * (a pool's first or last): {@code served} names them in the message, e.g. {@code pool demo's addresses}.
     */
    public static void check(String field, IPAddress hop, IPAddress address, int prefixLength, String served)
            throws ContractViolation {
        String hopText = Addresses.canonical(hop);
        if (hop.isIPv4() != address.isIPv4()) {
            throw new ContractViolation(
                    field,
                    hopText,
                    "is " + family(hop) + " but " + served + (served.contains(" ") ? " are " : " is ") + family(address)
                            + ": a next hop must be of the address family of the addresses it serves");
        }
        IPAddress prefix = address.toPrefixBlock(prefixLength);
        if (!prefix.contains(hop)) {
            throw new ContractViolation(
                    field,
                    hopText,
                    "is not inside " + prefix.toCanonicalString() + ", the prefix of " + served
                            + ": a next hop must be on the pod's network");
        }
        if (hop.withoutPrefixLength().equals(address.withoutPrefixLength())) {
            throw new ContractViolation(
                    field,
                    hopText,
                    "is the pod's address " + Addresses.canonical(address)
                            + " itself: a next hop must be another host in " + prefix.toCanonicalString());
        }
    }

    public static String family(IPAddress address) {
        return address.isIPv4() ? "IPv4" : "IPv6";
    }
}
