package io.stickyip.core.plumbing;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * An address with a prefix length ({@code 192.0.2.5/24}, {@code 2001:db8::5/64}), kept in the canonical
 * text iproute2 prints (lower case, RFC 5952 compression), so plans compare with what is read back.
 */
public record IpPrefix(String address, int length) {

    public IpPrefix {
        IPAddress parsed = ip(address);
        int max = parsed.isIPv4() ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " of " + address + " is not in 0.." + max);
        }
        address = parsed.withoutPrefixLength().toCanonicalString();
    }

    /** {@code ADDRESS/LEN}; an address alone gets its host length. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            IPAddress a = ip(text);
            return new IpPrefix(text, a.isIPv4() ? 32 : 128);
        }
        String len = text.substring(slash + 1);
        try {
            return new IpPrefix(text.substring(0, slash), Integer.parseInt(len));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefix length '" + len + "' of " + text + " is not a number", e);
        }
    }

    public static IpPrefix host(String address) {
        return parse(address.contains("/") ? address.substring(0, address.indexOf('/')) : address);
    }

    public Family family() {
        return ip(address).isIPv4() ? Family.V4 : Family.V6;
    }

    /** The same address as a single-address prefix (/32 or /128). */
    public IpPrefix asHost() {
        return new IpPrefix(address, family().hostLength());
    }

    /** The network this prefix lies in, e.g. {@code 192.0.2.0/24} for {@code 192.0.2.5/24}. */
    public IpPrefix network() {
        IPAddress block = ip(address).setPrefixLength(length, false).toPrefixBlock();
        return new IpPrefix(block.getLower().withoutPrefixLength().toCanonicalString(), length);
    }

    /** True if {@code other}'s address lies inside this prefix's network. */
    public boolean contains(IpPrefix other) {
        return family() == other.family()
                && ip(address).setPrefixLength(length, false).toPrefixBlock().contains(ip(other.address));
    }

    /** What iproute2 prints for a route destination: {@code default} for /0, the address alone for a host. */
    public String routeText() {
        if (length == 0) {
            return "default";
        }
        return length == family().hostLength() ? address : address + "/" + length;
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }

    private static IPAddress ip(String text) {
        try {
            IPAddress a = new IPAddressString(text).toAddress();
            if (a.isPrefixed() || !(a.isIPv4() || a.isIPv6())) {
                throw new IllegalArgumentException(text + " is not an IP address");
            }
            return a;
        } catch (AddressStringException e) {
            throw new IllegalArgumentException(text + " is not an IP address", e);
        }
    }
}
