package io.stickyip.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pools;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressSpaceTest {

    static IPAddress ip(String text) {
        return Addresses.parse(text).orElseThrow();
    }

    static IPPoolSpec spec(String cidr, List<String> ranges, List<String> exclude, String gateway) {
        IPPoolSpec spec = Pools.spec(cidr);
        spec.setRanges(new ArrayList<>(ranges));
        spec.setExclude(new ArrayList<>(exclude));
        spec.setGateway(gateway);
        return spec;
    }

    static List<String> all(AddressSpace space) {
        return LongStream.range(0, space.size())
                .mapToObj(i -> Addresses.canonical(space.at(i)))
                .toList();
    }

    static Stream<Arguments> spaces() {
        return Stream.of(
                arguments(
                        "an IPv4 /24 without network and broadcast",
                        spec("10.0.0.0/24", List.of(), List.of(), null),
                        254L,
                        "10.0.0.1",
                        "10.0.0.254"),
                arguments(
                        "an IPv4 /30 with its two hosts",
                        spec("10.0.0.0/30", List.of(), List.of(), null),
                        2L,
                        "10.0.0.1",
                        "10.0.0.2"),
                arguments(
                        "an IPv4 /31 point-to-point link with both addresses",
                        spec("10.0.0.0/31", List.of(), List.of(), null),
                        2L,
                        "10.0.0.0",
                        "10.0.0.1"),
                arguments(
                        "an IPv4 /32 single address",
                        spec("203.0.113.7/32", List.of(), List.of(), null),
                        1L,
                        "203.0.113.7",
                        "203.0.113.7"),
                arguments(
                        "a /24 less its gateway",
                        spec("10.77.0.0/24", List.of(), List.of(), "10.77.0.1"),
                        253L,
                        "10.77.0.2",
                        "10.77.0.254"),
                arguments(
                        "a /24 less a single exclusion, a range and a CIDR",
                        spec(
                                "10.0.0.0/24",
                                List.of(),
                                List.of("10.0.0.254", "10.0.0.1-10.0.0.9", "10.0.0.128/25"),
                                null),
                        118L,
                        "10.0.0.10",
                        "10.0.0.127"),
                arguments(
                        "ranges only",
                        spec(null, List.of("10.0.1.10-10.0.1.19", "10.0.2.1"), List.of(), null),
                        11L,
                        "10.0.1.10",
                        "10.0.2.1"),
                arguments(
                        "a CIDR and an overlapping range counted once",
                        spec("10.0.0.0/29", List.of("10.0.0.4-10.0.0.10"), List.of(), null),
                        10L,
                        "10.0.0.1",
                        "10.0.0.10"),
                arguments(
                        "ranges given out of order, sorted",
                        spec(null, List.of("10.0.9.1-10.0.9.2", "10.0.1.1"), List.of(), null),
                        3L,
                        "10.0.1.1",
                        "10.0.9.2"),
                arguments(
                        "an IPv4 /16",
                        spec("10.16.0.0/16", List.of(), List.of(), "10.16.0.1"),
                        65533L,
                        "10.16.0.2",
                        "10.16.255.254"),
                arguments(
                        "an IPv6 /120 keeping its first and last address",
                        spec("fd00::/120", List.of(), List.of(), null),
                        256L,
                        "fd00::",
                        "fd00::ff"),
                arguments(
                        "an IPv6 /120 less its gateway",
                        spec("fd00::/120", List.of(), List.of(), "fd00::1"),
                        255L,
                        "fd00::",
                        "fd00::ff"),
                arguments(
                        "an IPv6 /127",
                        spec("2001:db8::/127", List.of(), List.of(), null),
                        2L,
                        "2001:db8::",
                        "2001:db8::1"),
                arguments(
                        "an IPv6 range",
                        spec(null, List.of("2001:db8::10-2001:db8::1f"), List.of("2001:db8::1f"), null),
                        15L,
                        "2001:db8::10",
                        "2001:db8::1e"),
                arguments(
                        "an IPv6 /64, capped at 2^62 addresses",
                        spec("fd00:64::/64", List.of(), List.of(), "fd00:64::1"),
                        AddressSpace.MAX_SIZE,
                        "fd00:64::",
                        "fd00:64:0:0:4000::"));
    }

    @ParameterizedTest(name = "holds {0}")
    @MethodSource("spaces")
    void holdsTheUsableAddressesOfAPool(String why, IPPoolSpec spec, long size, String first, String last)
            throws ContractViolation {
        AddressSpace space = AddressSpace.of(spec);

        assertThat(space.size()).isEqualTo(size);
        assertThat(Addresses.canonical(space.at(0))).isEqualTo(first);
        assertThat(Addresses.canonical(space.at(size - 1))).isEqualTo(last);
        assertThat(space.indexOf(ip(first))).contains(0L);
        assertThat(space.indexOf(ip(last))).contains(size - 1);
    }

    @ParameterizedTest(name = "maps every index of {0} to an address and back")
    @MethodSource("spaces")
    void mapsIndexesToAddressesAndBack(String why, IPPoolSpec spec, long size, String first, String last)
            throws ContractViolation {
        AddressSpace space = AddressSpace.of(spec);
        long step = Math.max(1, size / 4096);

        for (long i = 0; i < size; i += step) {
            IPAddress a = space.at(i);
            assertThat(space.indexOf(a)).as("index of %s", a).contains(i);
            assertThat(space.contains(a)).isTrue();
        }
    }

    @Test
    void listsExactlyTheHostsOfASmallPoolInOrder() throws ContractViolation {
        AddressSpace space =
                AddressSpace.of(spec("192.168.5.0/29", List.of("192.168.5.20"), List.of("192.168.5.3"), "192.168.5.1"));

        assertThat(all(space))
                .containsExactly("192.168.5.2", "192.168.5.4", "192.168.5.5", "192.168.5.6", "192.168.5.20");
    }

    static Stream<Arguments> outsiders() {
        return Stream.of(
                arguments("10.0.0.0/24", "10.0.0.0", "the network address"),
                arguments("10.0.0.0/24", "10.0.0.255", "the broadcast address"),
                arguments("10.0.0.0/24", "10.0.1.1", "the next block"),
                arguments("10.0.0.0/24", "fd00::1", "an IPv6 address in an IPv4 pool"),
                arguments("fd00::/120", "10.0.0.1", "an IPv4 address in an IPv6 pool"),
                arguments("fd00::/120", "fd00::100", "an IPv6 address past the block"),
                arguments("10.77.0.0/24", "10.77.0.1", "the gateway"));
    }

    @ParameterizedTest(name = "doesNotHold {2} ({1} in {0})")
    @MethodSource("outsiders")
    void doesNotHoldAddressesOutsideThePool(String cidr, String address, String why) throws ContractViolation {
        AddressSpace space =
                AddressSpace.of(spec(cidr, List.of(), List.of(), cidr.startsWith("10.77") ? "10.77.0.1" : null));

        assertThat(space.contains(ip(address))).isFalse();
        assertThat(space.indexOf(ip(address))).isEmpty();
    }

    static Stream<Arguments> cappedIPv6Spaces() {
        return Stream.of(
                arguments(
                        "a /64 with an exclusion in its upper half",
                        spec("fd00::/64", List.of(), List.of("fd00::8000:0:0:0"), null)),
                arguments(
                        "a /64 plus a further range", spec("fd00::/64", List.of("fd01::1-fd01::ff"), List.of(), null)),
                arguments("two /64s", spec(null, List.of("fd00:1::/64", "fd00:2::/64"), List.of(), null)),
                arguments("a /48", spec("fd00:48::/48", List.of(), List.of("fd00:48::1"), null)));
    }

    @ParameterizedTest(name = "never hands out an address outside {0}")
    @MethodSource("cappedIPv6Spaces")
    void capsHugeIPv6PoolsWithoutLeavingThem(String why, IPPoolSpec spec) throws ContractViolation {
        AddressSpace space = AddressSpace.of(spec);
        AddressSpace whole = AddressSpace.of(spec(spec.getCidr(), spec.getRanges(), List.of(), null));

        assertThat(space.size()).isEqualTo(AddressSpace.MAX_SIZE);
        for (long i : new long[] {0, 1, 5, 1000, 1L << 40, (1L << 61) + 17, AddressSpace.MAX_SIZE - 1}) {
            IPAddress a = space.at(i);
            assertThat(whole.overlaps(single(a)))
                    .as("%s at %d is in the pool", a, i)
                    .isTrue();
            assertThat(spec.getExclude()).as("%s at %d is not excluded", a, i).doesNotContain(Addresses.canonical(a));
            assertThat(space.indexOf(a)).as("index of %s", a).contains(i);
        }
    }

    @ParameterizedTest(name = "indexes only addresses it hands out, in {0}")
    @MethodSource("cappedIPv6Spaces")
    void indexesOnlyAddressesItHandsOut(String why, IPPoolSpec spec) throws ContractViolation {
        AddressSpace space = AddressSpace.of(spec);

        for (String text : List.of("fd00::8000:0:0:5", "fd01::5", "fd00:2::5", "fd00:48:0:1::5", "fd00:48:ffff::5")) {
            space.indexOf(ip(text))
                    .ifPresent(i -> assertThat(Addresses.canonical(space.at(i)))
                            .as("address at the index of %s", text)
                            .isEqualTo(text));
        }
    }

    @Test
    void holdsAnAddressPastTheCapWithoutIndexingIt() {
        AddressSpace space = Pools.space("fd00::/64");
        IPAddress upperHalf = ip("fd00::a8bb:ccff:fedd:eeff");

        assertThat(space.contains(upperHalf))
                .as("an explicit address there is still in the pool")
                .isTrue();
        assertThat(space.indexOf(upperHalf)).as("but never handed out").isEmpty();
    }

    static AddressSpace single(IPAddress a) {
        return Pools.space(Addresses.canonical(a) + (a.isIPv4() ? "/32" : "/128"));
    }

    static Stream<Arguments> overlaps() {
        return Stream.of(
                arguments("10.0.0.0/24", "10.0.0.128/25", true),
                arguments("10.0.0.0/24", "10.0.1.0/24", false),
                arguments("10.0.0.0/23", "10.0.1.0/24", true),
                arguments("10.0.0.0/24", "10.0.0.255/32", false),
                arguments("10.0.0.0/24", "10.0.0.254/32", true),
                arguments("fd00::/64", "fd00::1/128", true),
                arguments("fd00::/64", "fd00:0:0:1::/64", false),
                arguments("10.0.0.0/24", "::ffff:10.0.0.0/120", false),
                arguments("10.0.0.0/8", "fd00::/8", false));
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @MethodSource("overlaps")
    void tellsWhetherTwoSpacesShareAnAddress(String a, String b, boolean overlap) {
        assertThat(Pools.space(a).overlaps(Pools.space(b))).isEqualTo(overlap);
        assertThat(Pools.space(b).overlaps(Pools.space(a))).isEqualTo(overlap);
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                arguments(
                        "no cidr and no ranges",
                        spec(null, List.of(), List.of(), null),
                        "spec.cidr: (none) is missing: a pool needs a cidr or ranges (only a scope: Node pool of provider aws may have neither: its addresses are its filter's Elastic IPs)"),
                arguments(
                        "a CIDR with host bits",
                        spec("10.0.0.5/24", List.of(), List.of(), null),
                        "spec.cidr: 10.0.0.5/24 has host bits set; did you mean 10.0.0.0/24?"),
                arguments(
                        "an IPv6 CIDR with host bits",
                        spec("fd00::5/64", List.of(), List.of(), null),
                        "spec.cidr: fd00::5/64 has host bits set; did you mean fd00::/64?"),
                arguments(
                        "an address without prefix length",
                        spec("10.0.0.0", List.of(), List.of(), null),
                        "spec.cidr: 10.0.0.0 is not a CIDR (no prefix length)"),
                arguments(
                        "a prefix length over 32",
                        spec("10.0.0.0/33", List.of(), List.of(), null),
                        "spec.cidr: 10.0.0.0/33 is not a CIDR"),
                arguments("a word", spec("office", List.of(), List.of(), null), "spec.cidr: office is not a CIDR"),
                arguments("a wildcard", spec("*", List.of(), List.of(), null), "spec.cidr: * is not a CIDR"),
                arguments(
                        "a bare prefix length",
                        spec("/24", List.of(), List.of(), null),
                        "spec.cidr: /24 is not a CIDR"),
                arguments(
                        "an empty cidr",
                        spec("", List.of(), List.of(), null),
                        "spec.cidr: \"\" is not a CIDR (no prefix length)"),
                arguments(
                        "IPv4 and IPv6 mixed",
                        spec("10.0.0.0/24", List.of("fd00::1-fd00::9"), List.of(), null),
                        "spec.ranges: fd00::1 -> fd00::9 mixes IPv4 and IPv6: a pool has one address family"),
                arguments(
                        "a range backwards",
                        spec(null, List.of("10.0.0.9-10.0.0.1"), List.of(), null),
                        "spec.ranges: 10.0.0.9-10.0.0.1 is not a range 'first-last' with first <= last"),
                arguments(
                        "a range across families",
                        spec(null, List.of("10.0.0.1-fd00::1"), List.of(), null),
                        "spec.ranges: 10.0.0.1-fd00::1 is not a range 'first-last' with first <= last"),
                arguments(
                        "a range ending in a word",
                        spec(null, List.of("10.0.0.1-x"), List.of(), null),
                        "spec.ranges: 10.0.0.1-x is not an address, a 'first-last' range or a CIDR"),
                arguments(
                        "an exclusion that is a word",
                        spec("10.0.0.0/24", List.of(), List.of("printers"), null),
                        "spec.exclude: printers is not an address, a 'first-last' range or a CIDR"),
                arguments(
                        "a gateway that is not an address",
                        spec("10.0.0.0/24", List.of(), List.of(), "10.0.0.300"),
                        "spec.gateway: 10.0.0.300 is not an IP address"),
                arguments(
                        "a gateway given as a CIDR",
                        spec("10.0.0.0/24", List.of(), List.of(), "10.0.0.1/24"),
                        "spec.gateway: 10.0.0.1/24 is not an IP address"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("badSpecs")
    void refusesABadSpecNamingFieldValueAndRule(String why, IPPoolSpec spec, String message) {
        assertThatThrownBy(() -> AddressSpace.of(spec))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(message);
    }

    @Test
    void anIPv6PoolExcludedToNothingIsStillIPv6() throws ContractViolation {
        AddressSpace space = AddressSpace.of(spec("fd00::/127", List.of(), List.of("fd00::/127"), null));

        assertThat(space.size()).isZero();
        assertThat(space.isIPv4()).isFalse();
    }

    @Test
    void refusesIndexesOutsideTheSpace() {
        AddressSpace space = Pools.space("10.0.0.0/30");

        assertThatThrownBy(() -> space.at(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> space.at(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
