package io.stickyip.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.cloud.AwsPodCloud;
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
import io.stickyip.agent.netns.ProcessRunner;
import io.stickyip.agent.netns.lab.Lab;
import io.stickyip.agent.work.Outcome;
import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.kube.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real node's reconcile of a pod of a pod-level aws pool, against moto's EC2, the fabric8 mock API server, an
 * in-memory Lease store and the real data plane in a lab node namespace (the node's commands are entered there,
 * never run on the host): after the fence, the EIP is associated with a secondary private address of the node's
 * ENI and the pod carries that private address (routed), not the public one; the pod's deletion takes it off the
 * pod, then releases the EIP (disassociated, unassigned, our tags gone), then the claim. Needs root and moto.
 */
@ExtendWith(MotoExtension.class)
@EnableKubernetesMockClient(crud = true)
class CloudPodsIT {

    KubernetesClient kube;
    KubernetesMockServer server;
    CloudFixtures.Conditions conditions;
    MotoWorld world;
    AwsCloud aws;
    Lab lab;
    Lab.Pod sandbox;
    String instance;
    String eip;
    String publicIp;
    PoolCatalog pools;
    MemoryLeases leases;
    OwnLease own;
    PodReconciler reconciler;
    Namespaces namespaces;

    @BeforeEach
    void setUp(MotoWorld world) {
        this.world = world;
        instance = world.instances(1).getFirst();
        eip = world.eip(Map.of("team", "web"));
        publicIp = world.address(eip).publicIp();
        aws = world.cloud();
        pools = CloudFixtures.pools(publicIp);
        conditions = new CloudFixtures.Conditions(server);
        lab = new Lab();
        sandbox = lab.pod(lab.nodeA);
        namespaces = new Namespaces(inNode(new ProcessRunner(), lab.nodeA), Namespaces.DEFAULT_TIMEOUT);
        reconciler = reconciler();
    }

    @AfterEach
    void tearDown() {
        lab.close();
        aws.close();
        kube.close();
    }

    /** The host's commands entered into the lab's node namespace (what runs in a pod's namespace enters it itself). */
    static CommandRunner inNode(CommandRunner runner, Netns node) {
        return (argv, stdin, timeout) -> {
            if (!argv.isEmpty() && argv.getFirst().equals("nsenter")) {
                return runner.run(argv, stdin, timeout);
            }
            List<String> entered = new ArrayList<>(List.of("nsenter", "--net=" + node.path()));
            entered.addAll(argv);
            return runner.run(entered, stdin, timeout);
        };
    }

    PodReconciler reconciler() {
        Clock clock = new MonotonicClock();
        FenceTiming timing = FenceTiming.DEFAULT;
        FenceState state = new FenceState(timing);
        leases = new MemoryLeases();
        own = new OwnLease(
                leases,
                new OwnLease.Owner("stickyip-system", "w1", "agent-1"),
                new OwnLease.LeaseSettings(Duration.ofSeconds(10), 9),
                clock,
                state,
                () -> {});
        own.heartbeat();
        PeerLeases peers = new PeerLeases("w1", new AddressFence(timing), clock, () -> {});
        Fence fence = new Fence(own, peers, leases, state);
        NodePlumbing node = new NodePlumbing(
                "w1",
                "eth0",
                List.of(IpPrefix.parse(Lab.CLUSTER4)),
                DataPlane.over(namespaces),
                sandboxes(),
                new NodePlumbing.Cleanup(new PodLeftovers(namespaces), new NodeSweep(namespaces)),
                Optional.of(
                        new CloudPlumbing(new AwsPodCloud(aws, MotoWorld.CLUSTER, Duration.ofSeconds(5)), instance)),
                new NodePlumbing.Trusted(
                        TestSeals.TRUSTED,
                        () -> Optional.of(new NodeBuilder()
                                .withNewMetadata()
                                .withName("w1")
                                .endMetadata()
                                .build())));
        PodReporter reporter = new PodReporter(
                kube, new EventRecorder(kube, "stickyip-agent", "w1", Clock.systemUTC()), Clock.systemUTC(), () -> {});
        return new PodReconciler(
                new MockPods(kube),
                () -> pools,
                node,
                fence,
                new LiveSet(),
                new PodReconciler.Reporting(
                        reporter, new AgentMetrics(new SimpleMeterRegistry()), clock, Duration.ofSeconds(30)));
    }

    List<Pod> all() {
        return kube.pods().inAnyNamespace().list().getItems();
    }

    PodSandboxes sandboxes() {
        return new PodSandboxes() {
            @Override
            public SandboxLookup find(PodRef pod) {
                return new SandboxLookup.Found("sb-1", sandbox.ns(), Instant.now(), List.of(sandbox.eth0v4()));
            }

            @Override
            public List<Sandbox> list() {
                return all().stream()
                        .map(p -> new Sandbox("sb-1", p.getMetadata().getUid(), true))
                        .toList();
            }

            @Override
            public Optional<Netns> netns(String sandboxId) {
                return Optional.of(sandbox.ns());
            }
        };
    }

    /** The pod as the informer would hold it: read from the API server. */
    record MockPods(KubernetesClient kube) implements LocalPods {
        @Override
        public Optional<Pod> byUid(String uid) {
            return all().stream()
                    .filter(p -> uid.equals(p.getMetadata().getUid()))
                    .findFirst();
        }

        @Override
        public List<Pod> all() {
            return kube.pods().inAnyNamespace().list().getItems();
        }
    }

    /** Creates the pod; returns its UID (the API server's). */
    String create() {
        conditions.accept("web-1");
        return kube.pods()
                .inNamespace("shop")
                .resource(CloudFixtures.pod("web-1", "w1", publicIp))
                .create()
                .getMetadata()
                .getUid();
    }

    String podAddresses() {
        return lab.out(sandbox.ns(), "ip -4 -o addr show");
    }

    @Test
    void thePodCarriesThePrivateAddressOfItsEipAndGivesItBackOnDeletion() {
        String uid = create();

        assertThat(reconciler.reconcile(uid)).isEqualTo(Outcome.done());

        String eni = world.primaryEni(instance);
        Set<String> secondaries = world.secondaries().get(eni);
        assertThat(secondaries).hasSize(1);
        String privateIp = secondaries.iterator().next();
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni);
        assertThat(podAddresses()).contains(privateIp + "/32").doesNotContain(publicIp);
        assertThat(own.claimed()).containsExactly(publicIp);
        assertThat(conditions.told("web-1")).as("condition True").isTrue();

        assertThat(reconciler.reconcile(uid))
                .as("a resync: nothing to do, no EC2 call")
                .isEqualTo(Outcome.done());
        long calls =
                aws.calls().calls().values().stream().mapToLong(Long::longValue).sum();
        assertThat(reconciler.reconcile(uid)).isEqualTo(Outcome.done());
        assertThat(aws.calls().calls().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(calls);

        kube.pods().inNamespace("shop").withName("web-1").delete();
        assertThat(reconciler.reconcile(uid)).isEqualTo(Outcome.done());

        assertThat(podAddresses()).doesNotContain(privateIp);
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.tags(eip)).containsOnlyKeys("team");
        assertThat(own.claimed()).isEmpty();
    }
}
