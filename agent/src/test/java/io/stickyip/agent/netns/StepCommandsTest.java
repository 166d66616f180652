package io.stickyip.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.plumbing.Family;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.Step;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StepCommandsTest {

    static final Netns POD = Netns.atPath("/var/run/netns/cni-1");
    static final Netns NODE = Netns.host();

    static Stream<Arguments> commands() {
        return Stream.of(
                cmd(
                        "a macvlan is created from the node straight into the pod's netns, removed inside it",
                        new Step.Macvlan(NODE, "eth0", POD, "sip0"),
                        "ip link add link eth0 name sip0 netns /var/run/netns/cni-1 type macvlan mode bridge",
                        "ip link del sip0"),
                cmd(
                        "an ipvlan is an L2 ipvlan the same way",
                        new Step.Ipvlan(NODE, "eth0", POD, "sip0"),
                        "ip link add link eth0 name sip0 netns /var/run/netns/cni-1 type ipvlan mode l2",
                        "ip link del sip0"),
                cmd(
                        "a veth gets its node-side MAC and is removed from the node side",
                        new Step.Veth(NODE, "sipabcd1234", "ee:ee:ee:ee:ee:ee", POD, "sip0"),
                        "ip link add sipabcd1234 address ee:ee:ee:ee:ee:ee type veth peer name sip0 netns /var/run/netns/cni-1",
                        "ip link del sipabcd1234"),
                cmd(
                        "an IPv6 address has no prefix route and no DAD",
                        new Step.Address(POD, "sip0", IpPrefix.parse("2001:db8:1::50/64")),
                        "ip addr replace 2001:db8:1::50/64 dev sip0 noprefixroute nodad",
                        "ip addr del 2001:db8:1::50/64 dev sip0"),
                cmd(
                        "a routed default route is onlink with the fixed source, in the attachment's table",
                        new Step.Route(
                                POD, IpPrefix.parse("0.0.0.0/0"), "169.254.1.1", "sip0", "192.0.2.50", 100, true),
                        "ip -4 route replace default via 169.254.1.1 dev sip0 src 192.0.2.50 onlink table 100",
                        "ip -4 route del default via 169.254.1.1 dev sip0 table 100"),
                cmd(
                        "a subnet route without a next hop is link scope",
                        new Step.Route(POD, IpPrefix.parse("192.0.2.0/24"), null, "sip0", "192.0.2.50", 100, false),
                        "ip -4 route replace 192.0.2.0/24 dev sip0 scope link src 192.0.2.50 table 100",
                        "ip -4 route del 192.0.2.0/24 dev sip0 table 100"),
                cmd(
                        "a rule names its priority, selectors and table",
                        new Step.Rule(POD, Family.V6, 1020, IpPrefix.parse("2001:db8:1::50/128"), null, 100),
                        "ip -6 rule add priority 1020 from 2001:db8:1::50/128 lookup 100",
                        "ip -6 rule del priority 1020 from 2001:db8:1::50/128 lookup 100"),
                cmd(
                        "a proxy entry is per family",
                        new Step.NeighbourProxy(NODE, "eth0", IpPrefix.parse("192.0.2.50/32")),
                        "ip -4 neigh replace proxy 192.0.2.50 dev eth0",
                        "ip -4 neigh del proxy 192.0.2.50 dev eth0"),
                cmd(
                        "an IPv4 announcement is one unsolicited ARP with the fixed source",
                        new Step.Announce(NODE, "eth0", IpPrefix.parse("192.0.2.50/32")),
                        "arping -q -U -c 1 -w 0 -i eth0 -S 192.0.2.50 192.0.2.50",
                        null),
                cmd(
                        "an IPv6 announcement is an unsolicited NA to all nodes with override and our link-layer address",
                        new Step.Announce(POD, "sip0", IpPrefix.parse("2001:db8:1::50/128")),
                        "na6 -i sip0 -t 2001:db8:1::50 -d ff02::1 -o -e",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void speaksIproute2(String sentence, Step step, String add, String del) {
        assertThat(String.join(" ", StepCommands.add(step).argv())).isEqualTo(add);
        assertThat(StepCommands.del(step).map(c -> String.join(" ", c.argv())).orElse(null))
                .isEqualTo(del);
    }

    private static Arguments cmd(String sentence, Step step, String add, String del) {
        return Arguments.of(sentence, step, add, del);
    }
}
