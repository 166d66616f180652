package io.stickyip.core.pool;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.provider.AddressProvider;
import io.stickyip.core.provider.Providers;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The usable addresses of a pool as an index space {@code [0, size)}: the CIDR and ranges, less
 * exclusions and the gateway, merged and sorted. Index ↔ address in O(log ranges), so a pool of
 * any size is handled without listing its addresses. IPv6 pools larger than 2^62 addresses are
 * used up to their first 2^62 (more than enough for fixed addresses).
 */
public final class AddressSpace {
    public static final long MAX_SIZE = 1L << 62;

    private final IPAddressSeqRange[] ranges;
    private final long[] starts;
    private final long size;
    private final boolean ipv4;

    private AddressSpace(List<IPAddressSeqRange> merged, boolean ipv4) {
        this.ranges = merged.toArray(IPAddressSeqRange[]::new);
        this.starts = new long[ranges.length];
        long total = 0;
        for (int i = 0; i < ranges.length; i++) {
            // past the cap, ranges start at MAX_SIZE: still sorted for at(), never indexed by indexOf()
            starts[i] = total;
            BigInteger count = ranges[i].getCount();
            total = count.compareTo(BigInteger.valueOf(MAX_SIZE - total)) >= 0
                    ? MAX_SIZE
                    : total + count.longValueExact();
        }
        this.size = total;
        this.ipv4 = ipv4;
    }

    /** Builds the space of a pool spec; a bad value is a violation naming its field ({@code spec.cidr}, ...). */
    public static AddressSpace of(IPPoolSpec spec) throws ContractViolation {
        List<IPAddressSeqRange> include = new ArrayList<>();
        if (spec.getCidr() != null) {
            include.add(cidrHosts(spec.getCidr()));
        }
        for (String r : spec.getRanges()) {
            include.add(parseRange("spec.ranges", r));
        }
        if (include.isEmpty()) {
            if (isCloudNodePool(spec)) {
                return new AddressSpace(List.of(), true); // its addresses are what its provider's filter matches
            }
            throw new ContractViolation(
                    "spec.cidr",
                    "(none)",
                    "is missing: a pool needs a cidr or ranges"
                            + " (only a scope: Node pool of provider aws may have neither: its addresses are its filter's Elastic IPs)");
        }
        boolean v4 = include.getFirst().isIPv4();
        for (IPAddressSeqRange r : include) {
            if (r.isIPv4() != v4) {
                throw new ContractViolation(
                        "spec.ranges", r.toString(), "mixes IPv4 and IPv6: a pool has one address family");
            }
        }
        List<IPAddressSeqRange> exclude = new ArrayList<>();
        for (String e : spec.getExclude()) {
            exclude.add(parseRange("spec.exclude", e));
        }
        if (spec.getGateway() != null) {
            IPAddress gateway = io.stickyip.core.contract.Addresses.parse(spec.getGateway())
                    .orElseThrow(
                            () -> new ContractViolation("spec.gateway", spec.getGateway(), "is not an IP address"));
            exclude.add(gateway.spanWithRange(gateway));
        }
        List<IPAddressSeqRange> merged =
                new ArrayList<>(Arrays.asList(IPAddressSeqRange.join(include.toArray(IPAddressSeqRange[]::new))));
        for (IPAddressSeqRange ex : exclude) {
            List<IPAddressSeqRange> next = new ArrayList<>();
            for (IPAddressSeqRange r : merged) {
                IPAddressSeqRange[] rest = r.subtract(ex);
                if (rest != null) {
                    next.addAll(Arrays.asList(rest));
                }
            }
            merged = next;
        }
        merged.sort((a, b) -> a.getLower().compareTo(b.getLower()));
        return new AddressSpace(merged, v4);
    }

    /** A {@code scope: Node} pool whose provider lists its candidates ({@code aws}): the cloud, not the spec, says which addresses it has. */
    public static boolean isCloudNodePool(IPPoolSpec spec) {
        return spec.getScope() == IPPoolSpec.Scope.Node
                && Providers.of(spec).nodeCandidates() == AddressProvider.Candidates.CLOUD_LISTING;
    }

    private static IPAddressSeqRange cidrHosts(String cidr) throws ContractViolation {
        IPAddress block;
        try {
            block = new IPAddressString(cidr.trim()).toAddress();
        } catch (Exception e) {
            throw new ContractViolation("spec.cidr", cidr, "is not a CIDR");
        }
        if (block == null) { // '*', '/24', '': not one address family
            throw new ContractViolation("spec.cidr", cidr, "is not a CIDR");
        }
        if (!block.isPrefixed()) {
            throw new ContractViolation("spec.cidr", cidr, "is not a CIDR (no prefix length)");
        }
        IPAddress network = block.toPrefixBlock();
        if (!network.getLower().equals(block.getLower())) {
            throw new ContractViolation(
                    "spec.cidr", cidr, "has host bits set; did you mean " + network.toCanonicalString() + "?");
        }
        IPAddressSeqRange range = network.toSequentialRange();
        int prefix = block.getNetworkPrefixLength();
        if (block.isIPv4() && prefix < 31) {
            // network and broadcast addresses are not host addresses
            return range.getLower()
                    .increment(1)
                    .withoutPrefixLength()
                    .spanWithRange(range.getUpper().increment(-1).withoutPrefixLength());
        }
        return range.getLower()
                .withoutPrefixLength()
                .spanWithRange(range.getUpper().withoutPrefixLength());
    }

    /** A single address, a 'first-last' range or a CIDR; messages name {@code field} and the whole text. */
    static IPAddressSeqRange parseRange(String field, String text) throws ContractViolation {
        if (text == null || text.isBlank()) {
            throw new ContractViolation(field, "(none)", "is missing");
        }
        String t = text.trim();
        try {
            if (t.contains("/")) {
                IPAddress block = new IPAddressString(t).toAddress().toPrefixBlock();
                return block.getLower()
                        .withoutPrefixLength()
                        .spanWithRange(block.getUpper().withoutPrefixLength());
            }
            int dash = t.indexOf('-');
            if (dash > 0) {
                IPAddress lo = single(field, text, t.substring(0, dash));
                IPAddress hi = single(field, text, t.substring(dash + 1));
                if (lo.isIPv4() != hi.isIPv4() || lo.compareTo(hi) > 0) {
                    throw new ContractViolation(field, text, "is not a range 'first-last' with first <= last");
                }
                return lo.spanWithRange(hi);
            }
            IPAddress one = single(field, text, t);
            return one.spanWithRange(one);
        } catch (ContractViolation v) {
            throw v;
        } catch (Exception e) {
            throw notARange(field, text);
        }
    }

    private static IPAddress single(String field, String text, String part) throws ContractViolation {
        return io.stickyip.core.contract.Addresses.parse(part).orElseThrow(() -> notARange(field, text));
    }

    private static ContractViolation notARange(String field, String text) {
        return new ContractViolation(field, text, "is not an address, a 'first-last' range or a CIDR");
    }

    public long size() {
        return size;
    }

    public boolean isIPv4() {
        return ipv4;
    }

    /** The address at an index in {@code [0, size)}. */
    public IPAddress at(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " not in [0, " + size + ")");
        }
        int i = Arrays.binarySearch(starts, index);
        if (i < 0) {
            i = -i - 2;
        }
        return ranges[i].getLower().increment(index - starts[i]);
    }

    /**
     * The index of an address, if the pool holds it among its first {@link #MAX_SIZE} addresses
     * (the ones {@link #at} reaches).
     */
    public Optional<Long> indexOf(IPAddress address) {
        IPAddress a = address.withoutPrefixLength();
        int i = rangeOf(a);
        if (i < 0) {
            return Optional.empty();
        }
        BigInteger offset = a.getValue().subtract(ranges[i].getLower().getValue());
        if (offset.compareTo(BigInteger.valueOf(size - starts[i])) >= 0) {
            return Optional.empty(); // beyond the first MAX_SIZE addresses
        }
        return Optional.of(starts[i] + offset.longValueExact());
    }

    /** True if the pool holds the address (also past the first {@link #MAX_SIZE} of a huge IPv6 pool). */
    public boolean contains(IPAddress address) {
        return rangeOf(address.withoutPrefixLength()) >= 0;
    }

    private int rangeOf(IPAddress a) {
        int lo = 0;
        int hi = ranges.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            IPAddressSeqRange r = ranges[mid];
            if (a.isIPv4() != r.isIPv4() || r.getUpper().compareTo(a) < 0) {
                lo = mid + 1;
            } else if (r.getLower().compareTo(a) > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** True if any address is in both spaces. */
    public boolean overlaps(AddressSpace other) {
        for (IPAddressSeqRange a : ranges) {
            for (IPAddressSeqRange b : other.ranges) {
                if (a.isIPv4() == b.isIPv4() && a.overlaps(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return Arrays.toString(ranges) + " (" + size + " addresses)";
    }
}
