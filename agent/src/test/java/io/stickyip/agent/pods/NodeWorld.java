package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.cloud.CloudFixtures;
import io.stickyip.agent.cri.PodRef;
import io.stickyip.agent.cri.PodSandboxes;
import io.stickyip.agent.cri.SandboxLookup;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.fence.FenceState;
import io.stickyip.agent.fence.LeaseApi;
import io.stickyip.agent.fence.MemoryLeases;
import io.stickyip.agent.fence.MonotonicClock;
import io.stickyip.agent.fence.OwnLease;
import io.stickyip.agent.fence.PeerLeases;
import io.stickyip.agent.netns.CommandRunner;
import io.stickyip.agent.netns.CountingRunner;
import io.stickyip.agent.netns.DataPlane;
import io.stickyip.agent.netns.Leaks;
import io.stickyip.agent.netns.Namespaces;
import io.stickyip.agent.netns.NodeSweep;
import io.stickyip.agent.netns.PodLeftovers;
import io.stickyip.agent.netns.ProcessRunner;
import io.stickyip.agent.netns.lab.Lab;
import io.stickyip.agent.sweep.NodeSweeper;
import io.stickyip.agent.work.Outcome;
import io.stickyip.agent.work.Steps;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.testing.Pods;
import io.stickyip.runtime.kube.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What outlives an agent process on a node, for the crash tests: the node's and its pods' network namespaces (a
 * {@link Lab}: the real kernel, iproute2 entered into them), the node's agent Lease (in memory), the pods
 * (fabric8's mock API server; a pod being deleted is shown terminating here) and the container runtime's sandboxes.
 * {@link #agent} wires one agent process over it as {@code NodeAgent} does: the reconcile, the sweep and the Lease
 * writer, its steps told to the {@link Steps} given.
 */
final class NodeWorld implements AutoCloseable {
    static final String NODE = "w1";
    static final String NAMESPACE = "shop";
    static final FenceTiming TIMING = FenceTiming.DEFAULT;

    final Lab lab = new Lab();
    final MemoryLeases leases = new MemoryLeases();
    final KubernetesClient kube;
    final CloudFixtures.Conditions conditions;
    private final PoolCatalog pools;
    private final Map<String, Lab.Pod> sandboxes = new ConcurrentHashMap<>();
    private final Set<String> terminating = ConcurrentHashMap.newKeySet();
    private final Namespaces inspect = Namespaces.withProcesses();

    NodeWorld(KubernetesClient kube, KubernetesMockServer server, PoolCatalog pools) {
        this.kube = kube;
        this.conditions = new CloudFixtures.Conditions(server);
        this.pools = pools;
    }

    /** One agent process over this node: what NodeAgent wires for the pods, the start-up recovery and the Lease. */
    record Agent(
            PodReconciler reconciler,
            NodeSweeper sweeper,
            FenceState state,
            Clock clock,
            LiveSet live,
            NodePlumbing node,
            OwnLease own) {

        /** NodeAgent's start: the previous Lease adopted, the leftovers swept, the first renewal. */
        void start() {
            sweeper.recover(state, clock);
        }

        /** As the work queue would: again after anything but Done, a few times; the last outcome. */
        Outcome reconcile(String uid) {
            Outcome o = null;
            for (int i = 0; i < 5 && !(o instanceof Outcome.Done); i++) {
                o = reconciler.reconcile(uid);
            }
            return o;
        }
    }

    /**
     * An agent process; {@code kill} (may be null) is its death, {@code faults} wraps its command runner (a test's
     * positive control breaks a step there).
     */
    Agent agent(Steps steps, Kill kill, UnaryOperator<CommandRunner> faults) {
        CommandRunner runner = faults.apply(CloudPodsIT.inNode(new ProcessRunner(), lab.nodeA));
        runner = kill == null ? runner : kill.runner(runner);
        LeaseApi store = kill == null ? leases : kill.leases(leases);
        Clock clock = new MonotonicClock();
        FenceState state = new FenceState(TIMING);
        OwnLease own = new OwnLease(
                store,
                new OwnLease.Owner("stickyip-system", NODE, "stickyip-agent-" + NODE),
                new OwnLease.LeaseSettings(Duration.ofSeconds(10), 64),
                clock,
                state,
                () -> steps.done("lease write"));
        Fence fence = new Fence(own, new PeerLeases(NODE, new AddressFence(TIMING), clock, () -> {}), store, state);
        Namespaces namespaces = new Namespaces(new CountingRunner(runner, steps::done), Namespaces.DEFAULT_TIMEOUT);
        NodePlumbing node = new NodePlumbing(
                NODE,
                "eth0",
                List.of(IpPrefix.parse(Lab.CLUSTER4), IpPrefix.parse(Lab.CLUSTER6)),
                DataPlane.over(namespaces),
                runtime(),
                new NodePlumbing.Cleanup(new PodLeftovers(namespaces), new NodeSweep(namespaces)),
                Optional.empty(),
                new NodePlumbing.Trusted(
                        TestSeals.TRUSTED,
                        () -> Optional.of(new NodeBuilder()
                                .withNewMetadata()
                                .withName(NODE)
                                .endMetadata()
                                .build())));
        PodReporter reporter = new PodReporter(
                kube,
                new EventRecorder(kube, "stickyip-agent", NODE, Clock.systemUTC()),
                Clock.systemUTC(),
                () -> steps.done("condition"));
        LiveSet live = new LiveSet();
        LocalPods pods = pods();
        PodReconciler reconciler = new PodReconciler(
                pods,
                () -> pools,
                node,
                fence,
                live,
                new PodReconciler.Reporting(
                        reporter, new AgentMetrics(new SimpleMeterRegistry()), clock, Duration.ofSeconds(30)));
        return new Agent(
                reconciler, new NodeSweeper(pods, () -> pools, node, live, own), state, clock, live, node, own);
    }

    /** A sealed pod of {@code pools} holding {@code addresses}, bound to the node, its sandbox made; its UID. */
    String createPod(String name, String addresses, String poolNames) {
        conditions.accept(name);
        Pod pod = Pods.runningOn(
                        Pods.reserved(NAMESPACE, name, NAMESPACE + "/pod/" + name, "0", addresses, poolNames), NODE)
                .build();
        String uid = kube.pods()
                .inNamespace(NAMESPACE)
                .resource(TestSeals.sealed(pod, "adm-" + name))
                .create()
                .getMetadata()
                .getUid();
        sandboxes.put(uid, lab.pod(lab.nodeA));
        return uid;
    }

    /** The pod's deletion has begun (a deletionTimestamp): the agent is to take its addresses off. */
    void terminate(String uid) {
        terminating.add(uid);
    }

    /** The kubelet is done with the pod: its object is gone from the API. */
    void deletePod(String uid) {
        pods().byUid(uid)
                .ifPresent(p -> kube.pods()
                        .inNamespace(NAMESPACE)
                        .withName(p.getMetadata().getName())
                        .delete());
        terminating.remove(uid);
    }

    /** The runtime removed the pod's sandbox (its network namespace, and what was in it). */
    void removeSandbox(String uid) {
        Lab.Pod sandbox = sandboxes.remove(uid);
        if (sandbox != null) {
            lab.remove(sandbox);
        }
    }

    boolean hasSandbox(String uid) {
        return sandboxes.containsKey(uid);
    }

    /** What the node's agent Lease lists as attached. */
    SortedSet<String> attached() {
        return leases.get(AgentLeases.name(NODE))
                .map(AgentLeases::read)
                .map(r -> r instanceof AgentLeases.Read.Ok(var report)
                        ? report.attached()
                        : Collections.<String>emptySortedSet())
                .orElse(Collections.emptySortedSet());
    }

    /** Whatever the data plane left in any of the lab's namespaces (node, LAN, client, every sandbox still there). */
    List<String> leaks() {
        return Leaks.in(inspect, lab.namespaces());
    }

    /** Whether the LAN's client gets an ARP answer for {@code address} (IPv4): live where the LAN can reach it. */
    boolean answersArp(String address) {
        CommandRunner.Result r = new ProcessRunner()
                .run(
                        List.of(
                                "nsenter",
                                "--net=" + lab.client.path(),
                                "arping",
                                "-c",
                                "1",
                                "-w",
                                "2",
                                "-I",
                                "c0",
                                address),
                        "",
                        Duration.ofSeconds(5));
        return r.ok();
    }

    /** The pods as the informer would hold them: read from the API server, a pod being deleted with its deletionTimestamp. */
    LocalPods pods() {
        return new LocalPods() {
            @Override
            public Optional<Pod> byUid(String uid) {
                return all().stream()
                        .filter(p -> uid.equals(p.getMetadata().getUid()))
                        .findFirst();
            }

            @Override
            public List<Pod> all() {
                return kube.pods().inAnyNamespace().list().getItems().stream()
                        .map(p -> terminating.contains(p.getMetadata().getUid())
                                ? new PodBuilder(p)
                                        .editMetadata()
                                        .withDeletionTimestamp(DateTimeFormatter.ISO_INSTANT.format(
                                                Instant.now().atOffset(ZoneOffset.UTC)))
                                        .endMetadata()
                                        .build()
                                : p)
                        .toList();
            }
        };
    }

    /** The container runtime: a ready sandbox per pod, as long as it exists. */
    private PodSandboxes runtime() {
        return new PodSandboxes() {
            @Override
            public SandboxLookup find(PodRef pod) {
                Lab.Pod s = sandboxes.get(pod.uid());
                return s == null
                        ? new SandboxLookup.NotReady("no sandbox")
                        : new SandboxLookup.Found(
                                "sb-" + pod.uid(), s.ns(), Instant.now(), List.of(s.eth0v4(), s.eth0v6()));
            }

            @Override
            public List<Sandbox> list() {
                return sandboxes.keySet().stream()
                        .map(uid -> new Sandbox("sb-" + uid, uid, true))
                        .toList();
            }

            @Override
            public Optional<Netns> netns(String sandboxId) {
                return Optional.ofNullable(sandboxes.get(sandboxId.substring("sb-".length())))
                        .map(Lab.Pod::ns);
            }
        };
    }

    @Override
    public void close() {
        lab.close();
    }
}
