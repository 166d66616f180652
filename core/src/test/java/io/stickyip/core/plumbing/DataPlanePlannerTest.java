package io.stickyip.core.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataPlanePlannerTest {

    static final Netns POD = Netns.named("pod");
    static final Netns NODE = Netns.named("node");
    static final String UID = "0c3a6f1e-uid";
    static final String VETH = Layout.hostVeth(UID, 0);
    static final IpPrefix KEEP = IpPrefix.parse("10.244.0.0/16");
    static final IpPrefix ETH0 = IpPrefix.parse("10.244.1.7/24");

    static PodAttachment v4(Mode mode, String... addrs) {
        return new PodAttachment(
                "lan4",
                mode,
                "eth0",
                Stream.of(addrs).map(IpPrefix::parse).toList(),
                "192.0.2.1",
                List.of(),
                List.of(KEEP));
    }

    static PodAttachment v6(Mode mode, String... addrs) {
        return new PodAttachment(
                "lan6",
                mode,
                "eth0",
                Stream.of(addrs).map(IpPrefix::parse).toList(),
                "2001:db8:1::1",
                List.of(),
                List.of(IpPrefix.parse("fd00:10::/64")));
    }

    static PlumbingRequest request(PodAttachment... attachments) {
        return new PlumbingRequest(UID, POD, NODE, "eth0", List.of(attachments), List.of(ETH0));
    }

    static Plan plan(PlumbingRequest r) {
        PlanOutcome out = new DataPlanePlanner().plan(r);
        assertThat(out).isInstanceOf(PlanOutcome.Planned.class);
        return ((PlanOutcome.Planned) out).plan();
    }

    static IpPrefix p(String s) {
        return IpPrefix.parse(s);
    }

    @Test
    void plansAMacvlanIPv4AddressAsTheMacvlanPluginDoesPlusPolicyRouting() {
        Plan plan = plan(request(v4(Mode.MACVLAN, "192.0.2.50/24")));

        assertThat(plan.steps())
                .containsExactly(
                        new Step.Macvlan(NODE, "eth0", POD, "sip0"),
                        new Step.Address(POD, "sip0", p("192.0.2.50/24")),
                        new Step.LinkUp(POD, "sip0"),
                        new Step.Route(POD, p("192.0.2.0/24"), null, "sip0", "192.0.2.50", 100, false),
                        new Step.Route(POD, p("0.0.0.0/0"), "192.0.2.1", "sip0", "192.0.2.50", 100, false),
                        new Step.Rule(POD, Family.V4, 1000, null, KEEP, 0),
                        new Step.Rule(POD, Family.V4, 1010, p("10.244.1.7/32"), null, 0),
                        new Step.Rule(POD, Family.V4, 1020, p("192.0.2.50/32"), null, 100),
                        new Step.Rule(POD, Family.V4, 1030, null, null, 100),
                        new Step.Announce(POD, "sip0", p("192.0.2.50/32")));
    }

    @Test
    void plansARoutedIPv6AddressAsAVethTheNodeAnswersForOnTheLan() {
        Plan plan = plan(request(v6(Mode.ROUTED, "2001:db8:1::50/64")));

        assertThat(plan.steps())
                .containsExactly(
                        new Step.Veth(NODE, VETH, "ee:ee:ee:ee:ee:ee", POD, "sip0"),
                        new Step.Sysctl(NODE, "net.ipv6.conf.all.forwarding", "1"),
                        new Step.Sysctl(NODE, "net.ipv6.conf.eth0.proxy_ndp", "1"),
                        new Step.Sysctl(NODE, "net.ipv6.neigh.eth0.proxy_delay", "0"),
                        new Step.Sysctl(POD, "net.ipv6.conf.sip0.accept_ra", "0"),
                        new Step.Sysctl(NODE, "net.ipv6.conf." + VETH + ".accept_dad", "0"),
                        new Step.Address(POD, "sip0", p("2001:db8:1::50/128")),
                        new Step.LinkUp(NODE, VETH),
                        new Step.LinkUp(POD, "sip0"),
                        new Step.Neighbour(POD, "sip0", "fe80::ecee:eeff:feee:eeee", "ee:ee:ee:ee:ee:ee"),
                        new Step.Route(
                                POD, p("::/0"), "fe80::ecee:eeff:feee:eeee", "sip0", "2001:db8:1::50", 100, false),
                        new Step.Route(NODE, p("2001:db8:1::50/128"), null, VETH, null, 0, false),
                        new Step.Rule(POD, Family.V6, 1000, null, p("fd00:10::/64"), 0),
                        new Step.Rule(POD, Family.V6, 1020, p("2001:db8:1::50/128"), null, 100),
                        new Step.Rule(POD, Family.V6, 1030, null, null, 100),
                        new Step.NeighbourProxy(NODE, "eth0", p("2001:db8:1::50/128")),
                        new Step.Announce(NODE, "eth0", p("2001:db8:1::50/128")));
    }

    static Stream<Arguments> properties() {
        return Stream.of(
                prop(
                        "ipvlan plans the macvlan steps with an ipvlan link (the kernel here lacks ipvlan; the plan is the same)",
                        request(v4(Mode.IPVLAN, "192.0.2.50/24")),
                        steps -> steps.contains(new Step.Ipvlan(NODE, "eth0", POD, "sip0"))
                                && steps.stream().noneMatch(s -> s instanceof Step.Macvlan)
                                && steps.size()
                                        == plan(request(v4(Mode.MACVLAN, "192.0.2.50/24")))
                                                .steps()
                                                .size()),
                prop(
                        "the egress default route leaves the fixed interface with the fixed address as source",
                        request(v4(Mode.MACVLAN, "192.0.2.50/24")),
                        steps -> steps.contains(
                                new Step.Route(POD, p("0.0.0.0/0"), "192.0.2.1", "sip0", "192.0.2.50", 100, false))),
                prop(
                        "the main table is never written in the pod, so eth0 stays as the CNI left it",
                        request(v4(Mode.MACVLAN, "192.0.2.50/24"), v6(Mode.ROUTED, "2001:db8:1::50/64")),
                        steps -> steps.stream()
                                .noneMatch(s -> s instanceof Step.Route r && r.ns().equals(POD) && r.table() == 0)),
                prop(
                        "the cluster's CIDRs and the pod's own cluster address look up main before the egress rule",
                        request(v4(Mode.MACVLAN, "192.0.2.50/24")),
                        steps -> steps.contains(new Step.Rule(POD, Family.V4, Layout.PRIO_KEEP_ON_ETH0, null, KEEP, 0))
                                && steps.contains(new Step.Rule(
                                        POD, Family.V4, Layout.PRIO_CLUSTER_SOURCE, p("10.244.1.7/32"), null, 0))
                                && Layout.PRIO_CLUSTER_SOURCE < Layout.PRIO_EGRESS
                                && Layout.PRIO_KEEP_ON_ETH0 < Layout.PRIO_EGRESS),
                prop(
                        "two addresses on one pod (the pipework case) share sip0 and each gets a source rule and an announcement",
                        request(v4(Mode.MACVLAN, "192.0.2.50/24", "192.0.2.51/24")),
                        steps -> steps.contains(new Step.Address(POD, "sip0", p("192.0.2.51/24")))
                                && steps.contains(new Step.Rule(POD, Family.V4, 1020, p("192.0.2.51/32"), null, 100))
                                && steps.contains(new Step.Announce(POD, "sip0", p("192.0.2.51/32")))
                                && count(steps, Step.Macvlan.class) == 1
                                && count(steps, Step.Route.class) == 2),
                prop(
                        "dual-stack from two pools gets two interfaces, two tables and one egress rule per family",
                        request(v4(Mode.MACVLAN, "192.0.2.50/24"), v6(Mode.MACVLAN, "2001:db8:1::50/64")),
                        steps -> steps.contains(new Step.Rule(POD, Family.V4, 1030, null, null, 100))
                                && steps.contains(new Step.Rule(POD, Family.V6, 1030, null, null, 101))
                                && steps.contains(new Step.Macvlan(NODE, "eth0", POD, "sip1"))
                                && steps.contains(new Step.Route(
                                        POD, p("::/0"), "2001:db8:1::1", "sip1", "2001:db8:1::50", 101, false))),
                prop(
                        "a second pool of the same family gets its table and source rules but not the egress rule",
                        request(
                                v4(Mode.MACVLAN, "192.0.2.50/24"),
                                new PodAttachment(
                                        "other",
                                        Mode.MACVLAN,
                                        "eth1",
                                        List.of(p("198.51.100.9/24")),
                                        "198.51.100.1",
                                        List.of(),
                                        List.of())),
                        steps -> count(steps, Step.Rule.class, r -> r.priority() == Layout.PRIO_EGRESS) == 1
                                && steps.contains(
                                        new Step.Rule(POD, Family.V4, 1020, p("198.51.100.9/32"), null, 101))),
                prop(
                        "a pool without a gateway gets no default route and no egress rule",
                        request(new PodAttachment(
                                "flat", Mode.MACVLAN, "eth0", List.of(p("192.0.2.50/24")), null, List.of(), List.of())),
                        steps -> steps.stream()
                                        .noneMatch(s -> s instanceof Step.Route r
                                                && r.dst().length() == 0)
                                && count(steps, Step.Rule.class, r -> r.priority() == Layout.PRIO_EGRESS) == 0),
                prop(
                        "a pool route goes via its own next hop, or the gateway when it names none, with the fixed source",
                        request(new PodAttachment(
                                "r",
                                Mode.MACVLAN,
                                "eth0",
                                List.of(p("192.0.2.50/24")),
                                "192.0.2.1",
                                List.of(
                                        new PoolRoute(p("203.0.113.0/24"), "192.0.2.254"),
                                        new PoolRoute(p("198.51.100.0/24"), null)),
                                List.of())),
                        steps -> steps.contains(new Step.Route(
                                        POD, p("203.0.113.0/24"), "192.0.2.254", "sip0", "192.0.2.50", 100, false))
                                && steps.contains(new Step.Route(
                                        POD, p("198.51.100.0/24"), "192.0.2.1", "sip0", "192.0.2.50", 100, false))),
                prop(
                        "a routed IPv4 address is a /32 behind the node's fixed next hop, onlink, with forwarding and proxy ARP on the node",
                        request(v4(Mode.ROUTED, "192.0.2.50/24")),
                        steps -> steps.contains(new Step.Address(POD, "sip0", p("192.0.2.50/32")))
                                && steps.contains(new Step.Route(
                                        POD, p("0.0.0.0/0"), "169.254.1.1", "sip0", "192.0.2.50", 100, true))
                                && steps.contains(new Step.Neighbour(POD, "sip0", "169.254.1.1", "ee:ee:ee:ee:ee:ee"))
                                && steps.contains(new Step.Sysctl(NODE, "net.ipv4.ip_forward", "1"))
                                && steps.contains(new Step.Route(NODE, p("192.0.2.50/32"), null, VETH, null, 0, false))
                                && steps.contains(new Step.NeighbourProxy(NODE, "eth0", p("192.0.2.50/32")))
                                && steps.contains(new Step.Announce(NODE, "eth0", p("192.0.2.50/32")))),
                prop(
                        "a macvlan without a master of its own hangs off the node's LAN interface",
                        request(new PodAttachment(
                                "m", Mode.MACVLAN, null, List.of(p("192.0.2.50/24")), null, List.of(), List.of())),
                        steps -> steps.contains(new Step.Macvlan(NODE, "eth0", POD, "sip0"))),
                prop(
                        "proxies come after the host routes they need, announcements last",
                        request(v4(Mode.ROUTED, "192.0.2.50/24")),
                        steps -> steps.indexOf(new Step.NeighbourProxy(NODE, "eth0", p("192.0.2.50/32")))
                                        > steps.indexOf(
                                                new Step.Route(NODE, p("192.0.2.50/32"), null, VETH, null, 0, false))
                                && steps.getLast() instanceof Step.Announce));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void plansWhatTheDataPlaneNeeds(
            String sentence, PlumbingRequest request, java.util.function.Predicate<List<Step>> holds) {
        assertThat(holds.test(plan(request).steps())).as(sentence).isTrue();
    }

    @Test
    void delRemovesInReverseOrderAndLeavesSysctlsLinkUpAndAnnouncementsAlone() {
        Plan plan = plan(request(v4(Mode.ROUTED, "192.0.2.50/24")));

        List<Step> undo = plan.undoOrder();

        assertThat(undo.getFirst()).isEqualTo(new Step.NeighbourProxy(NODE, "eth0", p("192.0.2.50/32")));
        assertThat(undo.getLast()).isEqualTo(new Step.Veth(NODE, VETH, "ee:ee:ee:ee:ee:ee", POD, "sip0"));
        assertThat(undo)
                .noneMatch(s -> s instanceof Step.Sysctl || s instanceof Step.LinkUp || s instanceof Step.Announce);
    }

    @Test
    void planningIsDeterministicSoAddAfterACrashPlansTheSameSteps() {
        assertThat(plan(request(v4(Mode.ROUTED, "192.0.2.50/24"), v6(Mode.MACVLAN, "2001:db8:1::50/64"))))
                .isEqualTo(plan(request(v4(Mode.ROUTED, "192.0.2.50/24"), v6(Mode.MACVLAN, "2001:db8:1::50/64"))));
        assertThat(Layout.hostVeth(UID, 0))
                .hasSize(11)
                .isNotEqualTo(Layout.hostVeth(UID, 1))
                .isNotEqualTo(Layout.hostVeth("other", 0));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("refuses a pod without addresses", request(), "has no fixed addresses"),
                refusal(
                        "refuses a pool attachment without addresses",
                        request(v4(Mode.MACVLAN)),
                        "pool lan4: no addresses"),
                refusal(
                        "refuses an address listed twice",
                        request(v4(Mode.MACVLAN, "192.0.2.50/24", "192.0.2.50/24")),
                        "address 192.0.2.50 is listed twice"),
                refusal(
                        "refuses a macvlan gateway outside the addresses' subnet",
                        request(new PodAttachment(
                                "x",
                                Mode.MACVLAN,
                                "eth0",
                                List.of(p("192.0.2.50/24")),
                                "198.51.100.1",
                                List.of(),
                                List.of())),
                        "gateway 198.51.100.1 is outside the addresses' subnet 192.0.2.0/24"),
                refusal(
                        "refuses a gateway of the other family",
                        request(new PodAttachment(
                                "x",
                                Mode.MACVLAN,
                                "eth0",
                                List.of(p("192.0.2.50/24")),
                                "2001:db8::1",
                                List.of(),
                                List.of())),
                        "gateway 2001:db8::1 is V6 but the pod has no V6 address"),
                refusal(
                        "refuses a route of a family the pool's addresses lack",
                        request(new PodAttachment(
                                "x",
                                Mode.MACVLAN,
                                "eth0",
                                List.of(p("192.0.2.50/24")),
                                null,
                                List.of(new PoolRoute(p("2001:db8::/32"), null)),
                                List.of())),
                        "route 2001:db8::/32 is V6"),
                refusal(
                        "refuses a macvlan when neither the pool nor the node names an interface",
                        new PlumbingRequest(
                                UID,
                                POD,
                                NODE,
                                null,
                                List.of(new PodAttachment(
                                        "x",
                                        Mode.MACVLAN,
                                        null,
                                        List.of(p("192.0.2.50/24")),
                                        null,
                                        List.of(),
                                        List.of())),
                                List.of()),
                        "macvlan needs a master interface"),
                refusal(
                        "refuses to plumb into the node's own namespace",
                        new PlumbingRequest(
                                UID, NODE, NODE, "eth0", List.of(v4(Mode.MACVLAN, "192.0.2.50/24")), List.of()),
                        "is the node's own"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatCannotBePlumbed(String sentence, PlumbingRequest request, String reason) {
        assertThat(new DataPlanePlanner().plan(request))
                .isInstanceOfSatisfying(
                        PlanOutcome.Refused.class, r -> assertThat(r.reason()).contains(reason));
    }

    private static Arguments prop(String sentence, PlumbingRequest r, java.util.function.Predicate<List<Step>> p) {
        return Arguments.of(sentence, r, p);
    }

    private static Arguments refusal(String sentence, PlumbingRequest r, String reason) {
        return Arguments.of(sentence, r, reason);
    }

    private static long count(List<Step> steps, Class<? extends Step> type) {
        return steps.stream().filter(type::isInstance).count();
    }

    private static <T extends Step> long count(List<Step> steps, Class<T> type, java.util.function.Predicate<T> p) {
        return steps.stream().filter(type::isInstance).map(type::cast).filter(p).count();
    }
}
