package io.stickyip.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.plumbing.Family;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fixtures: what iproute2 6.1 printed here for a namespace holding one of each thing the data plane writes. */
class StateParserTest {

    static final Netns NS = Netns.named("fx");

    static NetnsState fixture() throws IOException {
        return StateParser.parse(read("links.jsonl"), read("v4.jsonl"), read("v6.jsonl"));
    }

    @Test
    void readsLinksAddressesRoutesRulesNeighboursAndProxies() throws IOException {
        NetnsState s = fixture();

        assertThat(s.link("sip0")).hasValueSatisfying(l -> {
            assertThat(l.kind()).isEqualTo("veth");
            assertThat(l.up()).isTrue();
        });
        assertThat(s.addresses())
                .contains(
                        new NetnsState.Addr("sip0", "192.0.2.50", 24),
                        new NetnsState.Addr("sip0", "2001:db8:1::50", 64));
        assertThat(s.routes())
                .contains(
                        new NetnsState.Route(Family.V4, "default", "192.0.2.1", "sip0", "192.0.2.50", "100", false),
                        new NetnsState.Route(Family.V4, "192.0.2.9", null, "e1", null, "main", false),
                        new NetnsState.Route(Family.V6, "2001:db8:1::9", null, "e1", null, "main", false));
        assertThat(s.rules())
                .contains(
                        new NetnsState.Rule(Family.V4, 1000, null, "203.0.113.0/24", "main"),
                        new NetnsState.Rule(Family.V4, 1020, "192.0.2.50/32", null, "100"),
                        new NetnsState.Rule(Family.V6, 1030, null, null, "100"));
        assertThat(s.neighbours())
                .containsExactly(new NetnsState.Neighbour("sip0", "169.254.1.1", "ee:ee:ee:ee:ee:ee", true));
        assertThat(s.proxies())
                .containsExactly(
                        new NetnsState.Proxy("sip0", "192.0.2.9"), new NetnsState.Proxy("sip0", "2001:db8:1::9"));
    }

    @Test
    void planStepsMatchWhatIproute2PrintsAndADifferentRouteIsNamed() throws IOException {
        Map<Netns, NetnsState> states = Map.of(NS, fixture());

        assertThat(StepReadBack.difference(
                        new Step.Route(NS, IpPrefix.parse("0.0.0.0/0"), "192.0.2.1", "sip0", "192.0.2.50", 100, false),
                        states))
                .isEmpty();
        assertThat(StepReadBack.difference(
                        new Step.Route(NS, IpPrefix.parse("2001:db8:1::9/128"), null, "e1", null, 0, false), states))
                .isEmpty();
        assertThat(StepReadBack.difference(
                        new Step.Rule(NS, Family.V4, 1020, IpPrefix.parse("192.0.2.50/32"), null, 100), states))
                .isEmpty();
        assertThat(StepReadBack.difference(
                        new Step.NeighbourProxy(NS, "sip0", IpPrefix.parse("2001:db8:1::9/128")), states))
                .isEmpty();
        assertThat(StepReadBack.difference(
                        new Step.Route(
                                NS, IpPrefix.parse("0.0.0.0/0"), "192.0.2.254", "sip0", "192.0.2.50", 100, false),
                        states))
                .hasValue(
                        "route default table 100 is via 192.0.2.1 src 192.0.2.50, expected route default via 192.0.2.254 dev sip0 src 192.0.2.50 table 100 in netns /run/netns/fx");
        assertThat(StepReadBack.difference(
                        new Step.Rule(NS, Family.V6, 1020, IpPrefix.parse("2001:db8:1::50/128"), null, 100), states))
                .hasValueSatisfying(
                        d -> assertThat(d).startsWith("missing: rule -6 prio 1020 from 2001:db8:1::50/128"));
    }

    @Test
    void delTreatsWhatIsAlreadyGoneAsDoneButNotOtherErrors() {
        assertThat(StepCommands.alreadyGone("Error: ipv6: address not found.")).isTrue();
        assertThat(StepCommands.alreadyGone("Cannot find device \"sip0\"")).isTrue();
        assertThat(StepCommands.alreadyGone("RTNETLINK answers: No such process"))
                .isTrue();
        assertThat(StepCommands.alreadyGone("nsenter: cannot open /run/netns/x: No such file or directory"))
                .isTrue();
        assertThat(StepCommands.alreadyGone("RTNETLINK answers: Operation not permitted"))
                .isFalse();
        assertThat(StepCommands.unknownDeviceType("Error: Unknown device type."))
                .isTrue();
    }

    private static String read(String name) throws IOException {
        try (var in = StateParserTest.class.getResourceAsStream("/iproute2/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
