package io.stickyip.core.pool;

import static io.stickyip.core.testing.Pools.aws;
import static io.stickyip.core.testing.Pools.dns;
import static io.stickyip.core.testing.Pools.pool;
import static io.stickyip.core.testing.Pools.staticProvider;
import static io.stickyip.core.testing.Pools.untypedProvider;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.Attachment;
import io.stickyip.core.pool.v1alpha1.DnsOption;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.core.pool.v1alpha1.Provider;
import io.stickyip.core.pool.v1alpha1.Route;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolValidatorTest {

    static Attachment attachment(Attachment.Mode mode) {
        Attachment a = new Attachment();
        a.setMode(mode);
        return a;
    }

    static Stream<Arguments> validPools() {
        Consumer<IPPoolSpec> everything = s -> {
            s.setGateway("10.77.0.1");
            s.setExclude(List.of("10.77.0.250-10.77.0.254"));
            s.setNamespaces(List.of("default", "demo"));
            s.setNodeSelector(Map.of("stickyip.io/egress", "true"));
            s.setZones(List.of("zone-a"));
            s.setSubnets(List.of("10.250.0.0/16"));
            s.setPrefixLength(24);
            s.setRoutes(List.of(new Route("0.0.0.0/0", "10.77.0.1"), new Route("192.168.0.0/16", null)));
            s.setProvider(staticProvider());
            s.setAttachment(attachment(Attachment.Mode.MACVLAN));
            s.setDns(dns(
                    List.of("192.0.2.53", "2001:db8::53"),
                    List.of("lan.example", "example"),
                    new DnsOption("ndots", "2"),
                    new DnsOption("edns0", null)));
        };
        return Stream.of(
                arguments("a bare CIDR", pool("demo", "10.77.0.0/24")),
                arguments("every field set", pool("demo", "10.77.0.0/24", everything)),
                arguments(
                        "ranges only",
                        pool("demo", null, s -> s.setRanges(List.of("203.0.113.7", "203.0.113.9-203.0.113.12")))),
                arguments("an IPv6 /64 with prefix length 64", pool("v6", "fd00:77::/64", s -> {
                    s.setGateway("fd00:77::1");
                    s.setPrefixLength(64);
                    s.setRoutes(List.of(new Route("::/0", "fd00:77::1")));
                })),
                arguments("an aws pool of public addresses", pool("public-eu", "198.51.100.0/28", s -> {
                    Provider p = aws(null);
                    p.setRegion("eu-west-1");
                    p.setTagFilter(Map.of("kubeip", "reserved"));
                    s.setProvider(p);
                    s.setScope(IPPoolSpec.Scope.Node);
                })),
                arguments(
                        "a pool migrated from KubeIP (FILTER, ORDER_BY, TAINT_KEY, RELEASE_ON_EXIT)",
                        pool("kubeip", "198.51.100.16/28", s -> {
                            s.setProvider(aws(
                                    "Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=prod", "Tag:rank"));
                            s.setScope(IPPoolSpec.Scope.Node);
                            s.setTaintKey("kubeip.com/not-ready");
                            s.setReleaseOnExit(false);
                        })),
                arguments(
                        "an aws node pool with neither cidr nor ranges (its filter's EIPs are its addresses)",
                        pool("kubeip", null, s -> {
                            s.setProvider(aws("Name=tag:kubeip,Values=reserved", "Tag:rank"));
                            s.setScope(IPPoolSpec.Scope.Node);
                            s.setTaintKey("kubeip.com/not-ready");
                        })),
                arguments(
                        "limits per namespace and per workload",
                        pool("shared", "10.77.0.0/24", s -> s.setLimits(new Limits(5, 2)))),
                arguments(
                        "a limit per namespace only",
                        pool("shared", "10.77.0.0/24", s -> s.setLimits(new Limits(5, null)))),
                arguments(
                        "ipvlan and routed attachments",
                        pool("demo", "10.77.0.0/24", s -> s.setAttachment(attachment(Attachment.Mode.IPVLAN)))),
                arguments(
                        "a routed attachment",
                        pool("demo", "10.77.0.0/24", s -> s.setAttachment(attachment(Attachment.Mode.ROUTED)))),
                arguments(
                        "label keys with prefixes, dots and underscores, an empty value",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setNodeSelector(Map.of(
                                        "node-role.kubernetes.io/stickyip",
                                        "",
                                        "example.com/My_Disk.type",
                                        "SSD-1",
                                        "k".repeat(63),
                                        "v".repeat(63))))),
                arguments(
                        "cloud zone names",
                        pool("demo", "10.77.0.0/24", s -> s.setZones(List.of("eu-west-1a", "europe-west4-b", "1")))),
                arguments(
                        "several IPv4 subnets",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setSubnets(List.of("10.250.0.0/16", "192.0.2.0/24", "10.1.2.3/32")))),
                arguments(
                        "an IPv6 subnet for IPv6 addresses",
                        pool("v6", "fd00:77::/120", s -> s.setSubnets(List.of("2001:db8:1::/48")))));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("validPools")
    void acceptsAValidPool(String why, IPPool pool) {
        assertThatCode(() -> PoolValidator.validate(pool, List.of())).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidPools() {
        IPPool noSpec = pool("demo", null);
        noSpec.setSpec(null);
        return Stream.of(
                arguments("no spec", noSpec, "spec: (none) is missing"),
                arguments(
                        "an aws pod pool with neither cidr nor ranges",
                        pool("public", null, s -> s.setProvider(aws("Name=tag:kubeip,Values=reserved", null))),
                        "spec.cidr: (none) is missing: a pool needs a cidr or ranges (only a scope: Node pool of provider aws may have neither: its addresses are its filter's Elastic IPs)"),
                arguments(
                        "no addresses",
                        pool("demo", null),
                        "spec.cidr: (none) is missing: a pool needs a cidr or ranges (only a scope: Node pool of provider aws may have neither: its addresses are its filter's Elastic IPs)"),
                arguments(
                        "a CIDR with host bits",
                        pool("demo", "10.77.0.9/24"),
                        "spec.cidr: 10.77.0.9/24 has host bits set; did you mean 10.77.0.0/24?"),
                arguments("a wildcard CIDR", pool("demo", "*"), "spec.cidr: * is not a CIDR"),
                arguments(
                        "nothing left after exclusions",
                        pool("demo", "10.77.0.0/30", s -> s.setExclude(List.of("10.77.0.0/30"))),
                        "spec: 10.77.0.0/30 leaves no usable address after exclusions"),
                arguments(
                        "a namespace limit of zero",
                        pool("shared", "10.77.0.0/24", s -> s.setLimits(new Limits(0, null))),
                        "spec.limits.perNamespace: 0 must be at least 1"),
                arguments(
                        "a negative workload limit",
                        pool("shared", "10.77.0.0/24", s -> s.setLimits(new Limits(null, -1))),
                        "spec.limits.perWorkload: -1 must be at least 1"),
                arguments(
                        "a workload limit above the namespace's",
                        pool("shared", "10.77.0.0/24", s -> s.setLimits(new Limits(2, 3))),
                        "spec.limits.perWorkload: 3 is more than spec.limits.perNamespace (2): a workload's addresses count for its namespace too"),
                arguments(
                        "limits on a node pool",
                        pool("kubeip", "198.51.100.16/28", s -> {
                            s.setScope(IPPoolSpec.Scope.Node);
                            s.setLimits(new Limits(5, null));
                        }),
                        "spec.limits: perNamespace=5 apply to pod pools only: a node pool's addresses are held by nodes, not namespaces"),
                arguments(
                        "a gateway that is not an address",
                        pool("demo", "10.77.0.0/24", s -> s.setGateway("10.77.0.300")),
                        "spec.gateway: 10.77.0.300 is not an IP address"),
                arguments(
                        "a gateway given as a CIDR",
                        pool("demo", "10.77.0.0/24", s -> s.setGateway("10.77.0.1/24")),
                        "spec.gateway: 10.77.0.1/24 is not an IP address"),
                arguments(
                        "a gateway outside the pool's prefix",
                        pool("demo", "10.77.0.0/24", s -> s.setGateway("10.9.0.1")),
                        "spec.gateway: 10.9.0.1 is not inside 10.77.0.0/24, the prefix of the pool's addresses: a next hop must be on the pod's network"),
                arguments(
                        "a gateway of the other family",
                        pool("demo", "10.77.0.0/24", s -> s.setGateway("fd00::1")),
                        "spec.gateway: fd00::1 is IPv6 but the pool's addresses are IPv4: a next hop must be of the address family of the addresses it serves"),
                arguments(
                        "a gateway outside the prefix the pool gives its pods",
                        pool("demo", "10.77.0.0/24", s -> {
                            s.setPrefixLength(25);
                            s.setGateway("10.77.0.1");
                        }),
                        "spec.gateway: 10.77.0.1 is not inside 10.77.0.128/25, the prefix of the pool's addresses: a next hop must be on the pod's network"),
                arguments(
                        "a gateway beside ranges given host routes",
                        pool("demo", null, s -> {
                            s.setRanges(List.of("10.77.0.10-10.77.0.20"));
                            s.setGateway("10.77.0.1");
                        }),
                        "spec.gateway: 10.77.0.1 is not inside 10.77.0.10/32, the prefix of the pool's addresses: a next hop must be on the pod's network"),
                arguments(
                        "a route via a host off the pool's network",
                        pool("demo", "10.77.0.0/24", s -> s.setRoutes(List.of(new Route("192.0.2.0/24", "10.78.0.1")))),
                        "spec.routes.via: 10.78.0.1 is not inside 10.77.0.0/24, the prefix of the pool's addresses: a next hop must be on the pod's network"),
                arguments(
                        "a prefix length of zero",
                        pool("demo", "10.77.0.0/24", s -> s.setPrefixLength(0)),
                        "spec.prefixLength: 0 must be between 1 and 32"),
                arguments(
                        "an IPv4 prefix length of 33",
                        pool("demo", "10.77.0.0/24", s -> s.setPrefixLength(33)),
                        "spec.prefixLength: 33 must be between 1 and 32"),
                arguments(
                        "an IPv6 prefix length of 129",
                        pool("v6", "fd00::/120", s -> s.setPrefixLength(129)),
                        "spec.prefixLength: 129 must be between 1 and 128"),
                arguments(
                        "a route to a word",
                        pool("demo", "10.77.0.0/24", s -> s.setRoutes(List.of(new Route("office", null)))),
                        "spec.routes.dst: office is not an address, a 'first-last' range or a CIDR"),
                arguments(
                        "a route without destination",
                        pool("demo", "10.77.0.0/24", s -> s.setRoutes(List.of(new Route(null, "10.77.0.1")))),
                        "spec.routes.dst: (none) is missing"),
                arguments(
                        "a route via a word",
                        pool("demo", "10.77.0.0/24", s -> s.setRoutes(List.of(new Route("0.0.0.0/0", "router")))),
                        "spec.routes.via: router is not an IP address"),
                arguments(
                        "an attachment without mode",
                        pool("demo", "10.77.0.0/24", s -> s.setAttachment(attachment(null))),
                        "spec.attachment.mode: (none) must be one of macvlan, ipvlan, routed"),
                arguments(
                        "a provider without type",
                        pool("demo", "10.77.0.0/24", s -> s.setProvider(untypedProvider())),
                        "spec.provider.type: (none) must be one of static, aws"),
                arguments(
                        "a subnet that is a word",
                        pool("demo", "10.77.0.0/24", s -> s.setSubnets(List.of("rack-1"))),
                        "spec.subnets: rack-1 is not a CIDR"),
                arguments(
                        "a subnet that is a single address",
                        pool("demo", "10.77.0.0/24", s -> s.setSubnets(List.of("10.250.0.1"))),
                        "spec.subnets: 10.250.0.1 is not a CIDR"),
                arguments(
                        "a subnet that is a range",
                        pool("demo", "10.77.0.0/24", s -> s.setSubnets(List.of("10.250.0.1-10.250.0.9"))),
                        "spec.subnets: 10.250.0.1-10.250.0.9 is not a CIDR"),
                arguments(
                        "a subnet with host bits",
                        pool("demo", "10.77.0.0/24", s -> s.setSubnets(List.of("10.250.3.0/16"))),
                        "spec.subnets: 10.250.3.0/16 has host bits set; did you mean 10.250.0.0/16?"),
                arguments(
                        "an IPv6 subnet for IPv4 addresses",
                        pool("demo", "10.77.0.0/24", s -> s.setSubnets(List.of("2001:db8::/64"))),
                        "spec.subnets: 2001:db8::/64 is IPv6 but the pool's addresses are IPv4: subnets are matched with the node's InternalIP of the pool's family"),
                arguments(
                        "an IPv4 subnet for IPv6 addresses",
                        pool("v6", "fd00:77::/120", s -> s.setSubnets(List.of("10.250.0.0/16"))),
                        "spec.subnets: 10.250.0.0/16 is IPv4 but the pool's addresses are IPv6: subnets are matched with the node's InternalIP of the pool's family"),
                arguments(
                        "an empty subnet",
                        pool("demo", "10.77.0.0/24", s -> s.setSubnets(List.of(" "))),
                        "spec.subnets: (none) is missing"),
                arguments(
                        "a selector key with a space",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("disk type", "ssd"))),
                        "spec.nodeSelector: disk type is not a label key: its name must consist of alphanumeric characters, '-', '_' or '.' and start and end with an alphanumeric character"),
                arguments(
                        "a selector key with two slashes",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("a/b/c", "x"))),
                        "spec.nodeSelector: a/b/c is not a label key: at most one '/' (prefix/name)"),
                arguments(
                        "a selector key with an upper-case prefix",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("Example.com/disk", "ssd"))),
                        "spec.nodeSelector: Example.com/disk is not a label key: its prefix must be a DNS subdomain (lower-case alphanumerics, '-', '.') of at most 253 characters"),
                arguments(
                        "a selector key with an empty prefix",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("/disk", "ssd"))),
                        "spec.nodeSelector: /disk is not a label key: its prefix must be a DNS subdomain (lower-case alphanumerics, '-', '.') of at most 253 characters"),
                arguments(
                        "a selector key with an empty name",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("example.com/", "ssd"))),
                        "spec.nodeSelector: example.com/ is not a label key: the name after '/' is empty"),
                arguments(
                        "an empty selector key",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("", "ssd"))),
                        "spec.nodeSelector: \"\" is not a label key: it is empty"),
                arguments(
                        "a selector key of 64 characters",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("k".repeat(64), "x"))),
                        "spec.nodeSelector: " + "k".repeat(64)
                                + " is not a label key: its name is longer than 63 characters"),
                arguments(
                        "a selector value ending in a dash",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("disk", "ssd-"))),
                        "spec.nodeSelector.disk: ssd- is not a label value: it must consist of alphanumeric characters, '-', '_' or '.' and start and end with an alphanumeric character"),
                arguments(
                        "a selector value of 64 characters",
                        pool("demo", "10.77.0.0/24", s -> s.setNodeSelector(Map.of("disk", "v".repeat(64)))),
                        "spec.nodeSelector.disk: " + "v".repeat(64)
                                + " is not a label value: it is longer than 63 characters"),
                arguments(
                        "an empty zone",
                        pool("demo", "10.77.0.0/24", s -> s.setZones(List.of(""))),
                        "spec.zones: \"\" is not a zone name: it is empty"),
                arguments(
                        "a zone with a slash",
                        pool("demo", "10.77.0.0/24", s -> s.setZones(List.of("eu/west"))),
                        "spec.zones: eu/west is not a zone name: it must consist of alphanumeric characters, '-', '_' or '.' and start and end with an alphanumeric character"),
                arguments(
                        "an aws filter not in KubeIP's syntax",
                        pool("demo", "10.77.0.0/24", s -> s.setProvider(aws("tag:kubeip=reserved", null))),
                        "spec.provider.filter: tag:kubeip=reserved is not Name=NAME,Values=V1[,V2...] (KubeIP's FILTER syntax, as aws ec2 describe-addresses --filters takes it)"),
                arguments(
                        "an aws order KubeIP does not know",
                        pool("demo", "10.77.0.0/24", s -> s.setProvider(aws(null, "Rank"))),
                        "spec.provider.orderBy: Rank is not an order KubeIP knows; use Tag:KEY or one of AllocationId, AssociationId, Domain, InstanceId, NetworkInterfaceId, NetworkInterfaceOwnerId, PrivateIpAddress, PublicIp, PublicIpv4Pool"),
                arguments(
                        "a nameserver that is a name",
                        pool("demo", "10.77.0.0/24", s -> s.setDns(dns(List.of("ns1.example"), List.of()))),
                        "spec.dns.nameservers: ns1.example is not an IP address"),
                arguments(
                        "a nameserver with a port",
                        pool("demo", "10.77.0.0/24", s -> s.setDns(dns(List.of("192.0.2.53:53"), List.of()))),
                        "spec.dns.nameservers: 192.0.2.53:53 is not an IP address"),
                arguments(
                        "four nameservers",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setDns(
                                        dns(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"), List.of()))),
                        "spec.dns.nameservers: 192.0.2.1,192.0.2.2,192.0.2.3,192.0.2.4 has 4 servers: a pod has at most 3"),
                arguments(
                        "a search domain with an underscore",
                        pool("demo", "10.77.0.0/24", s -> s.setDns(dns(List.of(), List.of("lan_a.example")))),
                        "spec.dns.search: lan_a.example is not a DNS name (lower-case alphanumerics and '-' in labels of at most 63, separated by '.', at most 253 characters)"),
                arguments(
                        "an upper-case search domain",
                        pool("demo", "10.77.0.0/24", s -> s.setDns(dns(List.of(), List.of("Lan.example")))),
                        "spec.dns.search: Lan.example is not a DNS name (lower-case alphanumerics and '-' in labels of at most 63, separated by '.', at most 253 characters)"),
                arguments(
                        "33 search domains",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setDns(dns(
                                        List.of(),
                                        Stream.iterate(1, i -> i + 1)
                                                .limit(33)
                                                .map(i -> "d" + i + ".example")
                                                .toList()))),
                        "spec.dns.search: "
                                + String.join(
                                        ",",
                                        Stream.iterate(1, i -> i + 1)
                                                .limit(33)
                                                .map(i -> "d" + i + ".example")
                                                .toList())
                                + " has 33 domains: a pod has at most 32"),
                arguments(
                        "search domains over 2048 characters",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setDns(dns(
                                        List.of(),
                                        Stream.of("a", "b", "c", "d", "e", "f", "g", "h", "i")
                                                .map(l -> (l.repeat(60) + ".").repeat(4) + "example")
                                                .toList()))),
                        "spec.dns.search: "
                                + String.join(
                                        ",",
                                        Stream.of("a", "b", "c", "d", "e", "f", "g", "h", "i")
                                                .map(l -> (l.repeat(60) + ".").repeat(4) + "example")
                                                .toList())
                                + " is 2267 characters long: a pod's search list has at most 2048"),
                arguments(
                        "an option without name",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setDns(dns(List.of(), List.of(), new DnsOption(null, "2")))),
                        "spec.dns.options.name: (none) is not a resolver option name (letters, digits, '-', '_', '.'; no blank, no ':')"),
                arguments(
                        "an option written name:value",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setDns(dns(List.of(), List.of(), new DnsOption("ndots:2", null)))),
                        "spec.dns.options.name: ndots:2 is not a resolver option name (letters, digits, '-', '_', '.'; no blank, no ':')"),
                arguments(
                        "an option value with a blank",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setDns(dns(List.of(), List.of(), new DnsOption("ndots", "2 3")))),
                        "spec.dns.options.value: 2 3 of option ndots is not a resolver option value (no blank, no ':')"),
                arguments(
                        "an option set twice",
                        pool(
                                "demo",
                                "10.77.0.0/24",
                                s -> s.setDns(dns(
                                        List.of(),
                                        List.of(),
                                        new DnsOption("ndots", "2"),
                                        new DnsOption("ndots", "5")))),
                        "spec.dns.options.name: ndots is set twice: an option has one value"),
                arguments(
                        "a taint key with a space",
                        pool("demo", "10.77.0.0/24", s -> s.setTaintKey("kubeip taint")),
                        "spec.taintKey: kubeip taint is not a taint key ([prefix/]name: a DNS subdomain prefix, a name of up to 63 alphanumerics, '-', '_', '.')"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("invalidPools")
    void refusesAnInvalidPoolNamingFieldValueAndRule(String why, IPPool pool, String message) {
        assertThatThrownBy(() -> PoolValidator.validate(pool, List.of()))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(message);
    }

    static Stream<Arguments> overlappingPools() {
        return Stream.of(
                arguments("the same CIDR", pool("b", "10.77.0.0/24"), pool("a", "10.77.0.0/24")),
                arguments("a CIDR inside another", pool("b", "10.77.0.128/25"), pool("a", "10.77.0.0/24")),
                arguments(
                        "a range reaching into a CIDR",
                        pool("b", null, s -> s.setRanges(List.of("10.77.0.250-10.77.1.5"))),
                        pool("a", "10.77.0.0/24")),
                arguments("an IPv6 /120 inside a /64", pool("b", "fd00::100/120"), pool("a", "fd00::/64")));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("overlappingPools")
    void refusesAPoolOverlappingAnother(String why, IPPool pool, IPPool other) {
        assertThatThrownBy(() -> PoolValidator.validate(pool, List.of(other)))
                .isInstanceOfSatisfying(
                        ContractViolation.class,
                        v -> org.assertj.core.api.Assertions.assertThat(v.rule())
                                .isEqualTo("overlaps pool a"))
                .hasMessage("pool b overlaps pool a: an address belongs to one pool");
    }

    static Stream<Arguments> neighbours() {
        return Stream.of(
                arguments("adjacent CIDRs", pool("b", "10.77.1.0/24"), pool("a", "10.77.0.0/24")),
                arguments(
                        "the other pool's excluded addresses",
                        pool("b", null, s -> s.setRanges(List.of("10.77.0.250-10.77.0.254"))),
                        pool("a", "10.77.0.0/24", s -> s.setExclude(List.of("10.77.0.250-10.77.0.254")))),
                arguments(
                        "an IPv6 pool beside an IPv4 pool",
                        pool("b", "::ffff:10.77.0.0/120"),
                        pool("a", "10.77.0.0/24")),
                arguments("a new version of itself", pool("a", "10.77.0.0/23"), pool("a", "10.77.0.0/24")),
                arguments("a broken pool", pool("b", "10.77.0.0/24"), pool("a", "10.77.0.9/24")));
    }

    @ParameterizedTest(name = "accepts a pool beside {0}")
    @MethodSource("neighbours")
    void acceptsAPoolBesideOthers(String why, IPPool pool, IPPool other) {
        assertThatCode(() -> PoolValidator.validate(pool, List.of(other))).doesNotThrowAnyException();
    }

    @Test
    void checksEveryOtherPool() {
        List<IPPool> others = List.of(pool("a", "10.1.0.0/24"), pool("c", "10.3.0.0/24"), pool("d", "10.2.0.128/25"));

        assertThatThrownBy(() -> PoolValidator.validate(pool("b", "10.2.0.0/24"), others))
                .hasMessage("pool b overlaps pool d: an address belongs to one pool");
    }

    @Test
    void namesEveryRuleAPoolBreaksFirstErrorFirst() {
        IPPool broken = pool("broken", "10.77.0.0/24", spec -> {
            spec.setGateway("10.99.0.1");
            spec.setTaintKey("not a key");
        });
        IPPool twin = pool("twin", "10.77.0.128/25");
        IPPool other = pool("other", "10.77.0.0/28");

        io.stickyip.core.contract.Checked<IPPool> checked = PoolValidator.check(broken, List.of(twin, other));

        org.assertj.core.api.Assertions.assertThat(checked.errors())
                .extracting(io.stickyip.core.contract.FieldError::field)
                .containsExactly("spec.gateway", "spec.taintKey", "spec", "spec");
        String first = checked.errors().getFirst().message();
        org.assertj.core.api.Assertions.assertThat(first).startsWith("spec.gateway: 10.99.0.1 ");
        org.assertj.core.api.Assertions.assertThat(
                        ((io.stickyip.core.contract.Checked.Invalid<IPPool>) checked).message())
                .startsWith(first + "; spec.taintKey: not a key is not a taint key")
                .endsWith("; pool broken overlaps pool twin: an address belongs to one pool; "
                        + "pool broken overlaps pool other: an address belongs to one pool");
        assertThatThrownBy(() -> PoolValidator.validate(broken, List.of(twin, other)))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(first);
    }

    @Test
    void aBrokenPrefixLengthIsNamedBesideTheOtherRulesAndNoNextHopIsJudgedByIt() {
        IPPool broken = pool("broken", "10.77.0.0/24", spec -> {
            spec.setGateway("10.77.0.1");
            spec.setPrefixLength(40);
            spec.setTaintKey("not a key");
        });

        org.assertj.core.api.Assertions.assertThat(
                        PoolValidator.check(broken, List.of()).errors())
                .extracting(io.stickyip.core.contract.FieldError::message)
                .containsExactly(
                        "spec.prefixLength: 40 must be between 1 and 32",
                        "spec.taintKey: not a key is not a taint key ([prefix/]name: a DNS subdomain prefix, a name of up to 63 "
                                + "alphanumerics, '-', '_', '.')");
    }

    @Test
    void aValidPoolChecksValid() {
        IPPool fine = pool("fine", "10.77.0.0/24");

        org.assertj.core.api.Assertions.assertThat(PoolValidator.check(fine, List.of(fine)))
                .isEqualTo(io.stickyip.core.contract.Checked.valid(fine));
    }
}
