package io.stickyip.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import inet.ipaddr.IPAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnnotationParserTest {

    /** Annotations from alternating key/value strings. */
    static Map<String, String> annotations(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static List<String> canonical(List<IPAddress> addresses) {
        return addresses.stream().map(Addresses::canonical).toList();
    }

    static Stream<Arguments> deniedAnnotations() {
        String tooMany = IntStream.range(0, 257)
                .mapToObj(i -> "10.0." + (i / 250) + "." + (i % 250 + 1))
                .collect(Collectors.joining(","));
        return Stream.of(
                arguments(
                        "an address with an octet over 255",
                        annotations("stickyip.io/ip", "10.0.0.300"),
                        "stickyip.io/ip",
                        "10.0.0.300",
                        "stickyip.io/ip: 10.0.0.300 is not an IP address"),
                arguments(
                        "a word instead of an address",
                        annotations("stickyip.io/ip", "10.0.0.1,db"),
                        "stickyip.io/ip",
                        "db",
                        "stickyip.io/ip: db is not an IP address"),
                arguments(
                        "a CIDR instead of an address",
                        annotations("stickyip.io/ip", "10.0.0.0/24"),
                        "stickyip.io/ip",
                        "10.0.0.0/24",
                        "stickyip.io/ip: 10.0.0.0/24 is not an IP address"),
                arguments(
                        "a three-part inet_aton address",
                        annotations("stickyip.io/ip", "10.0.1"),
                        "stickyip.io/ip",
                        "10.0.1",
                        "stickyip.io/ip: 10.0.1 is not an IP address"),
                arguments(
                        "an octet with a leading zero",
                        annotations("stickyip.io/ip", "10.0.0.010"),
                        "stickyip.io/ip",
                        "10.0.0.010",
                        "stickyip.io/ip: 10.0.0.010 is not an IP address"),
                arguments(
                        "a malformed IPv6 address",
                        annotations("stickyip.io/ip", "2001:db8::1::2"),
                        "stickyip.io/ip",
                        "2001:db8::1::2",
                        "stickyip.io/ip: 2001:db8::1::2 is not an IP address"),
                arguments(
                        "an empty entry between commas",
                        annotations("stickyip.io/ip", "10.0.0.1,,10.0.0.2"),
                        "stickyip.io/ip",
                        "",
                        "stickyip.io/ip: \"\" is not an IP address"),
                arguments(
                        "an empty address list",
                        annotations("stickyip.io/ip", " "),
                        "stickyip.io/ip",
                        " ",
                        "stickyip.io/ip: \" \" is empty: list one or more IP addresses"),
                arguments(
                        "an IPv6 address with a zone",
                        annotations("stickyip.io/ip", "fd00::5,fd00::5%eth0"),
                        "stickyip.io/ip",
                        "fd00::5%eth0",
                        "stickyip.io/ip: fd00::5%eth0 is not an IP address"),
                arguments(
                        "an address listed twice",
                        annotations("stickyip.io/ip", "10.0.0.1,10.0.0.2,10.0.0.1"),
                        "stickyip.io/ip",
                        "10.0.0.1",
                        "stickyip.io/ip: 10.0.0.1 is listed twice"),
                arguments(
                        "an IPv6 address listed twice in two spellings",
                        annotations("stickyip.io/ip", "2001:db8::1,2001:DB8:0:0:0:0:0:1"),
                        "stickyip.io/ip",
                        "2001:DB8:0:0:0:0:0:1",
                        "stickyip.io/ip: 2001:DB8:0:0:0:0:0:1 is listed twice"),
                arguments(
                        "a multicast address",
                        annotations("stickyip.io/ip", "224.0.0.5"),
                        "stickyip.io/ip",
                        "224.0.0.5",
                        "stickyip.io/ip: 224.0.0.5 is not a unicast host address"),
                arguments(
                        "a loopback address",
                        annotations("stickyip.io/ip", "127.0.0.1"),
                        "stickyip.io/ip",
                        "127.0.0.1",
                        "stickyip.io/ip: 127.0.0.1 is not a unicast host address"),
                arguments(
                        "the unspecified address",
                        annotations("stickyip.io/ip", "0.0.0.0"),
                        "stickyip.io/ip",
                        "0.0.0.0",
                        "stickyip.io/ip: 0.0.0.0 is not a unicast host address"),
                arguments(
                        "the IPv6 loopback",
                        annotations("stickyip.io/ip", "::1"),
                        "stickyip.io/ip",
                        "::1",
                        "stickyip.io/ip: ::1 is not a unicast host address"),
                arguments(
                        "an IPv6 multicast address",
                        annotations("stickyip.io/ip", "ff02::1"),
                        "stickyip.io/ip",
                        "ff02::1",
                        "stickyip.io/ip: ff02::1 is not a unicast host address"),
                arguments(
                        "more addresses than an explicit list may hold",
                        annotations("stickyip.io/ip", tooMany),
                        "stickyip.io/ip",
                        "257 addresses",
                        "stickyip.io/ip: 257 addresses is too many: at most 256; use a pool"),
                arguments(
                        "a kube-ipam address that is not an address",
                        annotations("kube-ipam.ip", "10.188.0.300"),
                        "kube-ipam.ip",
                        "10.188.0.300",
                        "kube-ipam.ip: 10.188.0.300 is not an IP address"),
                arguments(
                        "kube-ipam.ip differing from stickyip.io/ip",
                        annotations("stickyip.io/ip", "10.0.0.5", "kube-ipam.ip", "10.0.0.6"),
                        "kube-ipam.ip",
                        "10.0.0.6",
                        "kube-ipam.ip: 10.0.0.6 differs from stickyip.io/ip 10.0.0.5: give the addresses once"),
                arguments(
                        "a pool name in upper case",
                        annotations("stickyip.io/pool", "Public-EU"),
                        "stickyip.io/pool",
                        "Public-EU",
                        "stickyip.io/pool: Public-EU is not a list of pool names (lower-case DNS names, comma-separated)"),
                arguments(
                        "an empty pool name after a comma",
                        annotations("stickyip.io/pool", "demo,"),
                        "stickyip.io/pool",
                        "demo,",
                        "stickyip.io/pool: demo, is not a list of pool names (lower-case DNS names, comma-separated)"),
                arguments(
                        "a pool name ending in a dash",
                        annotations("stickyip.io/pool", "demo-"),
                        "stickyip.io/pool",
                        "demo-",
                        "stickyip.io/pool: demo- is not a list of pool names (lower-case DNS names, comma-separated)"),
                arguments(
                        "a pool named twice",
                        annotations("stickyip.io/pool", "demo, demo"),
                        "stickyip.io/pool",
                        "demo, demo",
                        "stickyip.io/pool: demo, demo names pool demo twice"),
                arguments(
                        "neither a pool nor addresses",
                        annotations("stickyip.io/addresses-per-pod", "2"),
                        "stickyip.io/pool",
                        "(none)",
                        "stickyip.io/pool: (none) is missing: name a pool or list addresses in stickyip.io/ip"),
                arguments(
                        "addresses-per-pod that is not a number",
                        annotations("stickyip.io/pool", "demo", "stickyip.io/addresses-per-pod", "two"),
                        "stickyip.io/addresses-per-pod",
                        "two",
                        "stickyip.io/addresses-per-pod: two is not a whole number"),
                arguments(
                        "addresses-per-pod zero",
                        annotations("stickyip.io/pool", "demo", "stickyip.io/addresses-per-pod", "0"),
                        "stickyip.io/addresses-per-pod",
                        "0",
                        "stickyip.io/addresses-per-pod: 0 must be between 1 and 16"),
                arguments(
                        "addresses-per-pod over the limit",
                        annotations("stickyip.io/pool", "demo", "stickyip.io/addresses-per-pod", "17"),
                        "stickyip.io/addresses-per-pod",
                        "17",
                        "stickyip.io/addresses-per-pod: 17 must be between 1 and 16"),
                arguments(
                        "an IPv4 prefix length over 32",
                        annotations("kube-ipam.ip", "10.188.0.218", "kube-ipam.netmask", "33"),
                        "kube-ipam.netmask",
                        "33",
                        "kube-ipam.netmask: 33 must be a prefix length between 1 and 32"),
                arguments(
                        "an IPv6 prefix length over 128",
                        annotations("kube-ipam.ip", "fd00::218", "kube-ipam.netmask", "129"),
                        "kube-ipam.netmask",
                        "129",
                        "kube-ipam.netmask: 129 must be a prefix length between 1 and 128"),
                arguments(
                        "a prefix length of zero",
                        annotations("kube-ipam.ip", "10.188.0.218", "kube-ipam.netmask", "0"),
                        "kube-ipam.netmask",
                        "0",
                        "kube-ipam.netmask: 0 must be a prefix length between 1 and 32"),
                arguments(
                        "a netmask with a hole",
                        annotations("kube-ipam.ip", "10.188.0.218", "kube-ipam.netmask", "255.0.255.0"),
                        "kube-ipam.netmask",
                        "255.0.255.0",
                        "kube-ipam.netmask: 255.0.255.0 is not a contiguous netmask"),
                arguments(
                        "an all-zero netmask",
                        annotations("kube-ipam.ip", "10.188.0.218", "kube-ipam.netmask", "0.0.0.0"),
                        "kube-ipam.netmask",
                        "0.0.0.0",
                        "kube-ipam.netmask: 0.0.0.0 is not a contiguous netmask"),
                arguments(
                        "a netmask that is a word",
                        annotations("kube-ipam.ip", "10.188.0.218", "kube-ipam.netmask", "class-c"),
                        "kube-ipam.netmask",
                        "class-c",
                        "kube-ipam.netmask: class-c is neither a prefix length nor a dotted netmask"),
                arguments(
                        "a gateway that is not an address",
                        annotations("kube-ipam.ip", "10.188.0.218", "kube-ipam.gateway", "10.188.0.256"),
                        "kube-ipam.gateway",
                        "10.188.0.256",
                        "kube-ipam.gateway: 10.188.0.256 is not an IP address"),
                arguments(
                        "a gateway outside the address's prefix (found by trying it)",
                        annotations(
                                "kube-ipam.ip",
                                "10.188.0.216",
                                "kube-ipam.netmask",
                                "255.255.0.0",
                                "kube-ipam.gateway",
                                "192.168.9.1"),
                        "kube-ipam.gateway",
                        "192.168.9.1",
                        "kube-ipam.gateway: 192.168.9.1 is not inside 10.188.0.0/16, the prefix of 10.188.0.216: "
                                + "a next hop must be on the pod's network"),
                arguments(
                        "a gateway that is the pod's own address",
                        annotations(
                                "kube-ipam.ip",
                                "10.188.0.216",
                                "kube-ipam.netmask",
                                "24",
                                "kube-ipam.gateway",
                                "10.188.0.216"),
                        "kube-ipam.gateway",
                        "10.188.0.216",
                        "kube-ipam.gateway: 10.188.0.216 is the pod's address 10.188.0.216 itself: a next hop must be another host in 10.188.0.0/24"),
                arguments(
                        "a gateway beside a host netmask",
                        annotations(
                                "kube-ipam.ip",
                                "10.188.0.218",
                                "kube-ipam.netmask",
                                "255.255.255.255",
                                "kube-ipam.gateway",
                                "10.188.0.1"),
                        "kube-ipam.gateway",
                        "10.188.0.1",
                        "kube-ipam.gateway: 10.188.0.1 is not inside 10.188.0.218/32, the prefix of 10.188.0.218: "
                                + "a next hop must be on the pod's network"),
                arguments(
                        "a gateway outside the prefix of one address of a list",
                        annotations(
                                "kube-ipam.ip",
                                "10.188.0.5,10.189.0.5",
                                "kube-ipam.netmask",
                                "24",
                                "kube-ipam.gateway",
                                "10.188.0.1"),
                        "kube-ipam.gateway",
                        "10.188.0.1",
                        "kube-ipam.gateway: 10.188.0.1 is not inside 10.189.0.0/24, the prefix of 10.189.0.5: "
                                + "a next hop must be on the pod's network"),
                arguments(
                        "an IPv6 gateway for IPv4 addresses",
                        annotations(
                                "kube-ipam.ip",
                                "10.188.0.5",
                                "kube-ipam.netmask",
                                "24",
                                "kube-ipam.gateway",
                                "fd00::1"),
                        "kube-ipam.gateway",
                        "fd00::1",
                        "kube-ipam.gateway: fd00::1 is IPv6 but the pod has no IPv6 address"));
    }

    @ParameterizedTest(name = "deniesAnnotationsWith {0}")
    @MethodSource("deniedAnnotations")
    void deniesBadAnnotationsNamingAnnotationValueAndRule(
            String why, Map<String, String> annotations, String field, String value, String message) {
        assertThatThrownBy(() -> AnnotationParser.parse(annotations))
                .isInstanceOfSatisfying(ContractViolation.class, v -> {
                    assertThat(v.getMessage()).isEqualTo(message);
                    assertThat(v.field()).isEqualTo(field);
                    assertThat(v.value()).isEqualTo(value);
                });
    }

    static Stream<Arguments> acceptedAddressLists() {
        return Stream.of(
                arguments("one IPv4 address", "10.0.0.5", List.of("10.0.0.5")),
                arguments("a list with spaces", " 10.0.0.5 , 10.0.0.6 ", List.of("10.0.0.5", "10.0.0.6")),
                arguments(
                        "an IPv6 address, made canonical",
                        "2001:0DB8:0000:0000:0000:0000:0000:0010",
                        List.of("2001:db8::10")),
                arguments("a dual-stack pair", "10.0.0.5,2001:db8::5", List.of("10.0.0.5", "2001:db8::5")),
                arguments(
                        "a dual-stack list in any order",
                        "2001:db8::5,10.0.0.5,2001:db8::6,10.0.0.6",
                        List.of("2001:db8::5", "10.0.0.5", "2001:db8::6", "10.0.0.6")),
                arguments("a public address", "203.0.113.7", List.of("203.0.113.7")),
                arguments(
                        "the 256 addresses an explicit list may hold",
                        IntStream.range(0, 256)
                                .mapToObj(i -> "10.0." + (i / 250) + "." + (i % 250 + 1))
                                .collect(Collectors.joining(",")),
                        IntStream.range(0, 256)
                                .mapToObj(i -> "10.0." + (i / 250) + "." + (i % 250 + 1))
                                .toList()));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("acceptedAddressLists")
    void acceptsExplicitAddressesInOrder(String why, String value, List<String> expected) throws ContractViolation {
        AddressRequest request = AnnotationParser.parse(annotations("stickyip.io/ip", value));

        assertThat(canonical(request.explicit())).containsExactlyElementsOf(expected);
        assertThat(request.explicitSource()).isEqualTo("stickyip.io/ip");
        assertThat(request.pools()).isEmpty();
        assertThat(request.hasExplicitAddresses()).isTrue();
    }

    static Stream<Arguments> acceptedPools() {
        return Stream.of(
                arguments("demo", List.of("demo")),
                arguments("public-eu", List.of("public-eu")),
                arguments("pools.example.com", List.of("pools.example.com")),
                arguments("v4, v6", List.of("v4", "v6")),
                arguments("a1,b2,c3", List.of("a1", "b2", "c3")));
    }

    @ParameterizedTest(name = "acceptsPoolList {0}")
    @MethodSource("acceptedPools")
    void acceptsPoolNamesInOrder(String value, List<String> expected) throws ContractViolation {
        AddressRequest request = AnnotationParser.parse(annotations("stickyip.io/pool", value));

        assertThat(request.pools()).containsExactlyElementsOf(expected);
        assertThat(request.hasExplicitAddresses()).isFalse();
        assertThat(request.perPod()).isEmpty();
        assertThat(request.prefixLength()).isEmpty();
        assertThat(request.gateway()).isEmpty();
    }

    static Stream<Arguments> kubeIpamAnnotations() {
        return Stream.of(
                arguments("a prefix length", "10.188.0.218", "24", "10.188.0.1", 24),
                arguments("a dotted netmask", "10.188.0.218", "255.255.255.0", "10.188.0.1", 24),
                arguments("a /16 dotted netmask", "10.188.0.218", "255.255.0.0", "10.188.0.1", 16),
                arguments(
                        "a /31 netmask and the other address of it",
                        "10.188.0.218",
                        "255.255.255.254",
                        "10.188.0.219",
                        31),
                arguments("a netmask with spaces", "10.188.0.218", " 24 ", "10.188.0.1", 24),
                arguments("an IPv6 prefix length", "fd00:188::218", "64", "fd00:188::1", 64),
                arguments("an IPv6 /127", "fd00:188::218", "127", "fd00:188::219", 127));
    }

    @ParameterizedTest(name = "acceptsKubeIpamAnnotationsWith {0}")
    @MethodSource("kubeIpamAnnotations")
    void acceptsKubeIpamAnnotationsUnchanged(String why, String ip, String netmask, String gateway, int prefix)
            throws ContractViolation {
        AddressRequest request = AnnotationParser.parse(
                annotations("kube-ipam.ip", ip, "kube-ipam.netmask", netmask, "kube-ipam.gateway", gateway));

        assertThat(canonical(request.explicit())).containsExactly(ip);
        assertThat(request.explicitSource()).isEqualTo("kube-ipam.ip");
        assertThat(request.prefixLength()).isEqualTo(OptionalInt.of(prefix));
        assertThat(request.gateway()).map(Addresses::canonical).contains(gateway);
    }

    @Test
    void acceptsKubeIpamIpEqualToStickyipIpAndNamesStickyipAsTheSource() throws ContractViolation {
        AddressRequest request = AnnotationParser.parse(
                annotations("stickyip.io/ip", "10.0.0.5,10.0.0.6", "kube-ipam.ip", "10.0.0.5, 10.0.0.6"));

        assertThat(canonical(request.explicit())).containsExactly("10.0.0.5", "10.0.0.6");
        assertThat(request.explicitSource()).isEqualTo("stickyip.io/ip");
    }

    @Test
    void acceptsAPoolWithExplicitAddressesAndAddressesPerPod() throws ContractViolation {
        AddressRequest request = AnnotationParser.parse(annotations(
                "stickyip.io/pool",
                "public-eu",
                "stickyip.io/ip",
                "203.0.113.7,203.0.113.8",
                "stickyip.io/addresses-per-pod",
                " 2 "));

        assertThat(request.pools()).containsExactly("public-eu");
        assertThat(canonical(request.explicit())).containsExactly("203.0.113.7", "203.0.113.8");
        assertThat(request.perPod()).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void ignoresAnnotationsOutsideTheContract() throws ContractViolation {
        AddressRequest request = AnnotationParser.parse(annotations(
                "stickyip.io/pool", "demo", "prometheus.io/scrape", "true", "stickyip.io/reserved-ip", "junk"));

        assertThat(request.pools()).containsExactly("demo");
    }

    @Test
    void deniesNoAnnotationsAtAll() {
        assertThatThrownBy(() -> AnnotationParser.parse(null))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("stickyip.io/pool: (none) is missing: name a pool or list addresses in stickyip.io/ip");
    }

    static Stream<Arguments> fixedAddressRequests() {
        return Stream.of(
                arguments(annotations("stickyip.io/pool", "demo"), true),
                arguments(annotations("stickyip.io/ip", "10.0.0.1"), true),
                arguments(annotations("kube-ipam.ip", "10.0.0.1"), true),
                arguments(annotations("kube-ipam.netmask", "24"), false),
                arguments(annotations("stickyip.io/reserved-ip", "10.0.0.1"), false),
                arguments(annotations(), false),
                arguments(null, false));
    }

    @ParameterizedTest(name = "{0} asks for a fixed address: {1}")
    @MethodSource("fixedAddressRequests")
    void tellsWhetherAPodAsksForAFixedAddress(Map<String, String> annotations, boolean asks) {
        assertThat(Annotations.requestsFixedAddress(annotations)).isEqualTo(asks);
    }

    @Test
    void reportsEveryBrokenAnnotationAtOnceFirstErrorFirst() {
        Map<String, String> broken = annotations(
                "stickyip.io/ip", "10.0.0.300", "stickyip.io/addresses-per-pod", "0", "kube-ipam.gateway", "gw");

        Checked<AddressRequest> checked = AnnotationParser.check(broken);

        assertThat(checked).isInstanceOf(Checked.Invalid.class);
        assertThat(checked.errors())
                .extracting(FieldError::field, FieldError::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("stickyip.io/ip", "10.0.0.300"),
                        org.assertj.core.groups.Tuple.tuple("stickyip.io/addresses-per-pod", "0"),
                        org.assertj.core.groups.Tuple.tuple("kube-ipam.gateway", "gw"));
        assertThat(((Checked.Invalid<AddressRequest>) checked).message())
                .isEqualTo("stickyip.io/ip: 10.0.0.300 is not an IP address; "
                        + "stickyip.io/addresses-per-pod: 0 must be between 1 and 16; "
                        + "kube-ipam.gateway: gw is not an IP address");
        assertThatThrownBy(() -> AnnotationParser.parse(broken)).isInstanceOfSatisfying(ContractViolation.class, v -> {
            assertThat(v.field()).isEqualTo("stickyip.io/ip");
            assertThat(v.getMessage()).startsWith("stickyip.io/ip: 10.0.0.300 is not an IP address; ");
        });
    }

    @Test
    void reportsBothAddressListsWhenBothAreBroken() {
        Checked<AddressRequest> checked =
                AnnotationParser.check(annotations("stickyip.io/ip", "db", "kube-ipam.ip", "10.0.0.1,10.0.0.1"));

        assertThat(checked.errors())
                .extracting(FieldError::message)
                .containsExactly("stickyip.io/ip: db is not an IP address", "kube-ipam.ip: 10.0.0.1 is listed twice");
    }

    @Test
    void aValidRequestIsValidAndNamesNoError() {
        Checked<AddressRequest> checked = AnnotationParser.check(annotations("stickyip.io/pool", "demo"));

        assertThat(checked.errors()).isEmpty();
        assertThat(checked)
                .isInstanceOfSatisfying(
                        Checked.Valid.class,
                        v -> assertThat(((AddressRequest) v.value()).pools()).containsExactly("demo"));
    }
}
