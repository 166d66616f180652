package io.stickyip.agent.netns;

import static io.stickyip.agent.netns.LabRequests.plan;
import static io.stickyip.agent.netns.LabRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.agent.netns.lab.Lab;
import io.stickyip.agent.netns.lab.Peers;
import io.stickyip.core.plumbing.Plan;
import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The data plane in real network namespaces (needs root, iproute2, nsenter, arping, na6). */
class DataPlaneIT {

    static final Duration SHORT = Duration.ofMillis(1500);
    final Namespaces namespaces = Namespaces.withProcesses();
    final DataPlaneExecutor executor = new DataPlaneExecutor(namespaces);
    Lab lab;
    Peers peers;
    String hostForwarding;

    @BeforeEach
    void lab() throws Exception {
        hostForwarding = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"));
        lab = new Lab();
        peers = new Peers();
    }

    @AfterEach
    void cleanUp() throws Exception {
        peers.close();
        lab.close();
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")))
                .as("host ip_forward untouched")
                .isEqualTo(hostForwarding);
    }

    @ParameterizedTest(
            name =
                    "{0} {1}: the pod sees the client's real address, the outside sees the fixed one; after DEL it answers nowhere")
    @CsvSource({
        "MACVLAN, 192.0.2.50, 198.51.100.1",
        "MACVLAN, 2001:db8:1::50, 2001:db8:ff::1",
        "ROUTED, 192.0.2.50, 198.51.100.1",
        "ROUTED, 2001:db8:1::50, 2001:db8:ff::1"
    })
    void theFixedAddressIsLiveWithoutNatBothWays(Mode mode, String fixed, String outside) {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan plan = plan(request(pod, lab.nodeA, mode, fixed));

        assertThat(executor.add(plan)).isInstanceOf(AddOutcome.Live.class);

        peers.server(pod.ns(), fixed, 8080, "podA", 1);
        assertThat(peers.connect(lab.client, fixed, 8080, outside, SHORT)).isEqualTo("peer=" + outside + " tag=podA");
        peers.server(lab.client, outside, 9090, "outside", 1);
        assertThat(peers.connect(pod.ns(), outside, 9090, null, SHORT)).isEqualTo("peer=" + fixed + " tag=outside");

        assertThat(executor.del(plan)).isInstanceOf(DelOutcome.Removed.class);
        assertThat(Leaks.in(namespaces, lab.namespaces())).isEmpty();
        peers.server(pod.ns(), "::", 8081, "anywhere", 1);
        assertThat(peers.connect(lab.client, fixed, 8081, outside, SHORT)).startsWith("failed:");
    }

    @Test
    void theSecondAddChangesNothingButTheAnnouncements() {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan plan = plan(request(pod, lab.nodeA, Mode.ROUTED, "192.0.2.50", "2001:db8:1::50"));
        assertThat(executor.add(plan)).isInstanceOf(AddOutcome.Live.class);
        NetnsState podOnce = namespaces.in(pod.ns(), NetnsShell::read);
        NetnsState nodeOnce = namespaces.in(lab.nodeA, NetnsShell::read);

        AddOutcome again = executor.add(plan);

        long announcements = plan.steps().stream()
                .filter(s -> s instanceof io.stickyip.core.plumbing.Step.Announce)
                .count();
        assertThat(again)
                .isEqualTo(new AddOutcome.Live((int) announcements, plan.steps().size() - (int) announcements));
        assertThat(namespaces.in(pod.ns(), NetnsShell::read)).isEqualTo(podOnce);
        assertThat(namespaces.in(lab.nodeA, NetnsShell::read)).isEqualTo(nodeOnce);
        assertThat(executor.del(plan)).isInstanceOf(DelOutcome.Removed.class);
        assertThat(executor.del(plan))
                .as("DEL again")
                .isEqualTo(new DelOutcome.Removed(0, plan.undoOrder().size()));
    }

    @Test
    void checkSaysWhichRouteWasRemoved() {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan plan = plan(request(pod, lab.nodeA, Mode.MACVLAN, "192.0.2.50"));
        executor.add(plan);
        assertThat(executor.check(plan).matches()).isTrue();

        lab.sh(pod.ns(), "ip route del default table 100");

        assertThat(executor.check(plan).differences())
                .containsExactly(
                        "missing: route default via 192.0.2.1 dev sip0 src 192.0.2.50 table 100 in " + pod.ns());
        assertThat(executor.add(plan))
                .as("ADD repairs it")
                .isEqualTo(new AddOutcome.Live(2, plan.steps().size() - 2));
        assertThat(executor.check(plan).matches()).isTrue();
        executor.del(plan);
    }

    @Test
    void delWithTheSandboxAlreadyGoneIsNotAnErrorAndLeavesNothingOnTheNode() {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan plan = plan(request(pod, lab.nodeA, Mode.ROUTED, "192.0.2.50"));
        executor.add(plan);

        lab.sh(lab.nodeA, "ip netns del " + pod.ns().path().substring("/run/netns/".length()));

        assertThat(executor.del(plan)).as("DEL with the sandbox gone").isInstanceOf(DelOutcome.Removed.class);
        assertThat(Leaks.in(
                        namespaces,
                        lab.namespaces().stream()
                                .filter(ns -> Files.exists(Path.of(ns.path())))
                                .toList()))
                .isEmpty();
    }

    @Test
    void theNodeSweepRemovesProxiesWhosePodWentWithoutADelAndKeepsLiveOnes() {
        Lab.Pod gone = lab.pod(lab.nodeA);
        Lab.Pod live = lab.pod(lab.nodeA);
        executor.add(plan(request(gone, lab.nodeA, Mode.ROUTED, "192.0.2.50", "2001:db8:1::50")));
        Plan livePlan = plan(request(live, lab.nodeA, Mode.ROUTED, "192.0.2.51"));
        executor.add(livePlan);

        lab.sh(lab.nodeA, "ip netns del " + gone.ns().path().substring("/run/netns/".length()));
        // the kernel tears a deleted namespace down asynchronously: its veth (and host route) go a moment later
        String goneVeth = io.stickyip.core.plumbing.Layout.hostVeth(
                request(gone, lab.nodeA, Mode.ROUTED, "192.0.2.50").podId(), 0);
        org.awaitility.Awaitility.await("veth of the deleted sandbox gone")
                .atMost(Duration.ofSeconds(10))
                .until(() -> namespaces
                        .in(lab.nodeA, NetnsShell::read)
                        .link(goneVeth)
                        .isEmpty());
        var removed = new NodeSweep(namespaces).sweep(lab.nodeA, "eth0");

        assertThat(removed).containsExactlyInAnyOrder("192.0.2.50 dev eth0", "2001:db8:1::50 dev eth0");
        assertThat(namespaces.in(lab.nodeA, NetnsShell::read).proxies())
                .containsExactly(new NetnsState.Proxy("eth0", "192.0.2.51"));
        assertThat(executor.check(livePlan).matches()).isTrue();
        executor.del(livePlan);
    }

    @Test
    void twoAddressesOnOnePodBothAnswerThePipeworkCase() {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan plan = plan(request(pod, lab.nodeA, Mode.MACVLAN, "192.0.2.50", "192.0.2.51"));
        assertThat(executor.add(plan)).isInstanceOf(AddOutcome.Live.class);

        peers.server(pod.ns(), "0.0.0.0", 8080, "hosting", 2);

        assertThat(peers.connect(lab.client, "192.0.2.50", 8080, Lab.OUTSIDE4, SHORT))
                .isEqualTo("peer=198.51.100.1 tag=hosting");
        assertThat(peers.connect(lab.client, "192.0.2.51", 8080, Lab.OUTSIDE4, SHORT))
                .isEqualTo("peer=198.51.100.1 tag=hosting");
        executor.del(plan);
        assertThat(Leaks.in(namespaces, lab.namespaces())).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}: the address moves to node B and the LAN follows at once (announcement)")
    @CsvSource({"MACVLAN, 192.0.2.50", "MACVLAN, 2001:db8:1::50", "ROUTED, 192.0.2.50", "ROUTED, 2001:db8:1::50"})
    void aMoveIsSeenByTheLanAtOnce(Mode mode, String fixed) {
        String outside = fixed.contains(":") ? Lab.OUTSIDE6 : Lab.OUTSIDE4;
        Lab.Pod podA = lab.pod(lab.nodeA);
        Lab.Pod podB = lab.pod(lab.nodeB);
        Plan onA = plan(request(podA, lab.nodeA, mode, fixed));
        Plan onB = plan(request(podB, lab.nodeB, mode, fixed));
        executor.add(onA);
        peers.server(podA.ns(), fixed, 8080, "A", 1);
        assertThat(peers.connect(lab.client, fixed, 8080, outside, SHORT)).endsWith("tag=A");

        assertThat(executor.del(onA)).isInstanceOf(DelOutcome.Removed.class);
        assertThat(executor.add(onB)).isInstanceOf(AddOutcome.Live.class);

        peers.server(podB.ns(), fixed, 8080, "B", 1);
        assertThat(peers.connect(lab.client, fixed, 8080, outside, SHORT)).isEqualTo("peer=" + outside + " tag=B");
        executor.del(onB);
    }

    @Test
    void aFailingLaterStepUndoesTheEarlierOnes() {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan good = plan(request(pod, lab.nodeA, Mode.ROUTED, "192.0.2.50", "2001:db8:1::50"));
        var steps = new java.util.ArrayList<>(good.steps());
        steps.add(
                steps.size() - 2,
                new io.stickyip.core.plumbing.Step.Route(
                        pod.ns(),
                        io.stickyip.core.plumbing.IpPrefix.parse("198.51.100.0/24"),
                        "198.51.100.77",
                        "sip0",
                        null,
                        100,
                        false));

        AddOutcome out = executor.add(new Plan(steps));

        assertThat(out).isInstanceOfSatisfying(AddOutcome.Failed.class, f -> {
            assertThat(f.reason()).contains("198.51.100.77").contains("exit 2");
            assertThat(f.undoFailures()).isEmpty();
        });
        assertThat(Leaks.in(namespaces, lab.namespaces())).isEmpty();
    }

    @Test
    void ipvlanOnAKernelWithoutItIsAMissingFeatureAndLeavesNothing() {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan plan = plan(new io.stickyip.core.plumbing.PlumbingRequest(
                "uid-ipvlan",
                pod.ns(),
                lab.nodeA,
                "eth0",
                java.util.List.of(
                        request(pod, lab.nodeA, Mode.MACVLAN, "192.0.2.50")
                                .attachments()
                                .getFirst(),
                        request(pod, lab.nodeA, Mode.IPVLAN, "192.0.2.51")
                                .attachments()
                                .getFirst()),
                java.util.List.of()));

        AddOutcome out = executor.add(plan);

        // What this kernel must give is read from its own build configuration, not from the outcome.
        if (kernelHasIpvlan()) {
            assertThat(out).isInstanceOf(AddOutcome.Live.class);
            assertThat(executor.check(plan).matches()).isTrue();
            executor.del(plan);
        } else {
            assertThat(out).isInstanceOfSatisfying(AddOutcome.FeatureMissing.class, f -> {
                assertThat(f.feature()).isEqualTo("ipvlan");
                assertThat(f.message()).contains("Unknown device type");
            });
        }
        assertThat(Leaks.in(namespaces, lab.namespaces())).isEmpty();
    }

    /**
     * Whether the running kernel was built with ipvlan: {@code /proc/config.gz} (this machine's
     * kernel says "# CONFIG_IPVLAN is not set" and has no loadable modules).
     */
    private static boolean kernelHasIpvlan() {
        Path config = Path.of("/proc/config.gz");
        assertThat(config)
                .as("the kernel's build configuration, which says whether ipvlan exists")
                .exists();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(config))) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return text.lines().anyMatch(l -> l.equals("CONFIG_IPVLAN=y") || l.equals("CONFIG_IPVLAN=m"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
