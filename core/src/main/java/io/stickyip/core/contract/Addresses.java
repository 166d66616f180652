package io.stickyip.core.contract;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/** Parsing of single addresses with the ipaddress library: strict, no CIDR, no wildcards, no IPv6 zone. */
public final class Addresses {
    private Addresses() {}

    private static final IPAddressStringParameters STRICT = strict();

    private static IPAddressStringParameters strict() {
        IPAddressStringParameters.Builder b = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowMask(false)
                .allowPrefix(false)
                .allowSingleSegment(false)
                .allowWildcardedSeparator(false);
        b.getIPv4AddressParametersBuilder()
                .allow_inet_aton(false)
                .allowLeadingZeros(false)
                .allowWildcardedSeparator(false);
        // no zone: 'fd00::5%eth0' is fd00::5 (same pool index) but another text, another reservation key
        b.getIPv6AddressParametersBuilder().allowWildcardedSeparator(false).allowZone(false);
        return b.toParams();
    }

    /** A single IPv4 or IPv6 address, or empty if the text is anything else. */
    public static Optional<IPAddress> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            IPAddress address = new IPAddressString(text.trim(), STRICT).toAddress();
            if (address.isMultiple() || address.isPrefixed()) {
                return Optional.empty();
            }
            return Optional.of(address);
        } catch (AddressStringException e) {
            return Optional.empty();
        }
    }

    /** Canonical text: IPv4 dotted, IPv6 RFC 5952 compressed lower-case. */
    public static String canonical(IPAddress address) {
        return address.withoutPrefixLength().toCanonicalString();
    }
}
