package io.stickyip.agent.pods;

import static io.stickyip.core.testing.Pools.catalog;
import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.cloud.CloudFixtures;
import io.stickyip.agent.cri.PodRef;
import io.stickyip.agent.cri.PodSandboxes;
import io.stickyip.agent.cri.SandboxLookup;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.fence.FenceState;
import io.stickyip.agent.fence.MemoryLeases;
import io.stickyip.agent.fence.MonotonicClock;
import io.stickyip.agent.fence.OwnLease;
import io.stickyip.agent.fence.PeerLeases;
import io.stickyip.agent.netns.CommandRunner;
import io.stickyip.agent.netns.DataPlane;
import io.stickyip.agent.netns.Namespaces;
import io.stickyip.agent.netns.NodeSweep;
import io.stickyip.agent.netns.PodLeftovers;
import io.stickyip.agent.work.Outcome;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.intent.ReservationCheck;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.testing.Pods;
import io.stickyip.runtime.kube.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's reconcile against pods a tenant wrote by hand (fabric8's mock API server, an in-memory Lease store, a
 * container runtime whose sandboxes are still being made): a forged pod is never claimed in the node's Lease and
 * never reaches the runtime or the data plane, and its pod is told why, while a sealed pod asking for the same
 * address is claimed and waits for its sandbox. The Lease never lists more than {@link AgentLeases#MAX_ATTACHED}.
 */
@EnableKubernetesMockClient(crud = true)
class PodReconcilerTrustTest {
    static final PoolCatalog POOLS = catalog(
            pool("lan", "198.51.100.0/24", s -> s.setGateway("198.51.100.1")), pool("big", "2001:db8:77::/112"));

    KubernetesClient kube;
    KubernetesMockServer server;
    CloudFixtures.Conditions conditions;
    MemoryLeases leases;
    OwnLease own;
    PodReconciler reconciler;
    final List<String> sandboxLookups = new CopyOnWriteArrayList<>();
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    volatile boolean commandsFail;

    @BeforeEach
    void setUp() {
        conditions = new CloudFixtures.Conditions(server);
        Clock clock = new MonotonicClock();
        FenceState state = new FenceState(FenceTiming.DEFAULT);
        leases = new MemoryLeases();
        own = new OwnLease(
                leases,
                new OwnLease.Owner("stickyip-system", "w1", "agent-1"),
                new OwnLease.LeaseSettings(Duration.ofSeconds(10), 1000),
                clock,
                state,
                () -> {});
        own.heartbeat();
        Fence fence = new Fence(
                own, new PeerLeases("w1", new AddressFence(FenceTiming.DEFAULT), clock, () -> {}), leases, state);
        CommandRunner recording = (argv, stdin, timeout) -> {
            commands.add(argv);
            if (commandsFail) {
                return new CommandRunner.Result(argv, 1, "", "Cannot open network namespace (test)");
            }
            long reads = stdin == null || stdin.isBlank()
                    ? 1
                    : stdin.lines().filter(l -> !l.isBlank()).count();
            return new CommandRunner.Result(argv, 0, "[]\n".repeat((int) reads), ""); // an empty node, whatever is read
        };
        Namespaces namespaces = new Namespaces(recording, Namespaces.DEFAULT_TIMEOUT);
        NodePlumbing node = new NodePlumbing(
                "w1",
                "eth0",
                List.of(IpPrefix.parse("10.244.0.0/16")),
                DataPlane.over(namespaces),
                sandboxes(),
                new NodePlumbing.Cleanup(new PodLeftovers(namespaces), new NodeSweep(namespaces)),
                Optional.empty(),
                new NodePlumbing.Trusted(
                        TestSeals.TRUSTED,
                        () -> Optional.of(new NodeBuilder()
                                .withNewMetadata()
                                .withName("w1")
                                .endMetadata()
                                .build())));
        PodReporter reporter = new PodReporter(
                kube, new EventRecorder(kube, "stickyip-agent", "w1", Clock.systemUTC()), Clock.systemUTC(), () -> {});
        reconciler = new PodReconciler(
                new CloudPodsIT.MockPods(kube),
                () -> POOLS,
                node,
                fence,
                new LiveSet(),
                new PodReconciler.Reporting(reporter, new AgentMetrics(registry), clock, Duration.ofSeconds(30)));
    }

    PodSandboxes sandboxes() {
        return new PodSandboxes() {
            @Override
            public SandboxLookup find(PodRef pod) {
                sandboxLookups.add(pod.name());
                return new SandboxLookup.NotReady("the sandbox is being created");
            }

            @Override
            public List<Sandbox> list() {
                return List.of();
            }

            @Override
            public Optional<Netns> netns(String sandboxId) {
                return Optional.empty();
            }
        };
    }

    static Pod unsealed(String name, String ips, String pool) {
        return Pods.runningOn(Pods.reserved("shop", name, "shop/pod/" + name, "0", ips, pool), "w1")
                .build();
    }

    String create(Pod pod) {
        conditions.accept(pod.getMetadata().getName());
        return kube.pods()
                .inNamespace("shop")
                .resource(pod)
                .create()
                .getMetadata()
                .getUid();
    }

    @Test
    void aForgedPodIsNeverClaimedNorPlumbedWhileASealedPodIs() {
        String forged = create(unsealed("forged", "198.51.100.10", "lan"));
        String gateway =
                create(TestSeals.sealed(unsealed("gateway", "198.51.100.1", "lan"), "adm-gw")); // sealed, yet outside

        Outcome forgedOutcome = reconciler.reconcile(forged);
        Outcome gatewayOutcome = reconciler.reconcile(gateway);

        assertThat(forgedOutcome).isEqualTo(Outcome.done());
        assertThat(gatewayOutcome).isEqualTo(Outcome.done());
        assertThat(own.claimed()).as("nothing claimed for them").isEmpty();
        assertThat(leases.get(AgentLeases.name("w1"))
                        .orElseThrow()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry(AgentLeases.ATTACHED, "");
        assertThat(sandboxLookups)
                .as("never plumbed: the runtime was not even asked")
                .isEmpty();
        assertThat(commands.stream().filter(c -> c.contains("add")))
                .as("no address added anywhere")
                .isEmpty();
        assertThat(conditions.refused("forged", ReservationCheck.UNSEALED)).isTrue();
        assertThat(conditions.refused("gateway", ReservationCheck.OUTSIDE_POOL)).isTrue();

        String sealed = create(TestSeals.sealed(unsealed("honest", "198.51.100.10", "lan"), "adm-honest"));

        assertThat(reconciler.reconcile(sealed)).isInstanceOf(Outcome.Poll.class);
        assertThat(own.claimed())
                .as("the positive control: claimed once it passed")
                .containsExactly("198.51.100.10");
        assertThat(sandboxLookups).containsExactly("honest");
        assertThat(reconciler.reconcile(forged))
                .as("the forged twin still changes nothing")
                .isEqualTo(Outcome.done());
        assertThat(own.claimed()).containsExactly("198.51.100.10");
    }

    @Test
    void theNodesLeaseListsAtMostTheCapAndTheNextPodIsToldTheNodeIsFull() {
        int perPod = 16;
        int pods = AgentLeases.MAX_ATTACHED / perPod + 1;
        List<String> uids = new ArrayList<>();
        IntStream.range(0, pods)
                .forEach(i -> uids.add(create(TestSeals.sealed(
                        unsealed(
                                "p" + i,
                                String.join(
                                        ",",
                                        IntStream.range(0, perPod)
                                                .mapToObj(
                                                        j -> "2001:db8:77::" + Integer.toHexString(i * perPod + j + 1))
                                                .toList()),
                                "big"),
                        "adm-" + i))));

        uids.forEach(reconciler::reconcile);

        assertThat(own.claimed()).hasSize(AgentLeases.MAX_ATTACHED);
        assertThat(conditions.refused("p" + (pods - 1), PodIntent.NODE_FULL)).isTrue();
        assertThat(conditions.refused("p0", PodIntent.NODE_FULL))
                .as("the pods before it were claimed")
                .isFalse();
        assertThat(leases.get(AgentLeases.name("w1"))
                        .orElseThrow()
                        .getMetadata()
                        .getAnnotations()
                        .get(AgentLeases.ATTACHED)
                        .split(","))
                .hasSize(AgentLeases.MAX_ATTACHED);
    }

    /**
     * The way back goes through the reconcile's step clock: DEL is timed once it removed what there was, a failed DEL
     * is not, and a failure of DEL or of the Lease write is counted by its step and retried until the Lease no longer
     * lists the address.
     */
    @Test
    void theWayBackIsTimedAndItsFailuresCountedByStep() {
        String uid = create(TestSeals.sealed(unsealed("leaving", "198.51.100.20", "lan"), "adm-leaving"));
        assertThat(reconciler.reconcile(uid)).isInstanceOf(Outcome.Poll.class);
        assertThat(own.claimed()).containsExactly("198.51.100.20");
        kube.pods()
                .inNamespace("shop")
                .withName("leaving")
                .edit(p -> new PodBuilder(p)
                        .editSpec()
                        .withNodeName("w2")
                        .endSpec()
                        .build()); // not this node's now

        commandsFail = true;
        assertThat(reconciler.reconcile(uid))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class, f -> assertThat(f.step()).isEqualTo("del"));
        assertThat(failures("del")).isEqualTo(1);
        assertThat(timed("del")).as("a failed DEL is not timed").isZero();
        assertThat(own.claimed()).as("nothing released while DEL failed").containsExactly("198.51.100.20");

        commandsFail = false;
        leases.down(true);
        assertThat(reconciler.reconcile(uid))
                .isEqualTo(new Outcome.Failed("release", "the API server is unreachable (test)"));
        assertThat(failures("release")).isEqualTo(1);
        assertThat(timed("del")).as("DEL, done, is timed").isEqualTo(1);

        leases.down(false);
        assertThat(reconciler.reconcile(uid)).isEqualTo(Outcome.done());
        assertThat(timed("del")).isEqualTo(2);
        assertThat(own.claimed()).isEmpty();
        assertThat(failures("del") + failures("release")).isEqualTo(2);
    }

    long timed(String step) {
        Timer t = registry.find("stickyip.agent.step").tag("step", step).timer();
        return t == null ? 0 : t.count();
    }

    long failures(String step) {
        Counter c = registry.find("stickyip.agent.failures").tag("step", step).counter();
        return c == null ? 0 : (long) c.count();
    }
}
