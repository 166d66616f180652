package io.stickyip.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.agent.cloud.AwsPodCloud;
import io.stickyip.agent.cloud.InstanceIds;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.agent.cri.CriPodSandboxes;
import io.stickyip.agent.fence.Fence;
import io.stickyip.agent.fence.FenceState;
import io.stickyip.agent.fence.FenceWatchdog;
import io.stickyip.agent.fence.KubeLeaseApi;
import io.stickyip.agent.fence.MonotonicClock;
import io.stickyip.agent.fence.OwnLease;
import io.stickyip.agent.fence.PeerLeases;
import io.stickyip.agent.netns.CountingRunner;
import io.stickyip.agent.netns.DataPlane;
import io.stickyip.agent.netns.Namespaces;
import io.stickyip.agent.netns.NodeSweep;
import io.stickyip.agent.netns.PodLeftovers;
import io.stickyip.agent.netns.ProcessRunner;
import io.stickyip.agent.node.ExitSignal;
import io.stickyip.agent.node.ExtendedResource;
import io.stickyip.agent.node.NodeAddressPlumbing;
import io.stickyip.agent.node.NodeCapacity;
import io.stickyip.agent.pods.CachedPods;
import io.stickyip.agent.pods.CloudPlumbing;
import io.stickyip.agent.pods.LiveSet;
import io.stickyip.agent.pods.NodePlumbing;
import io.stickyip.agent.pods.PodReconciler;
import io.stickyip.agent.pods.PodReporter;
import io.stickyip.agent.pods.SelfFencing;
import io.stickyip.agent.sweep.NodeSweeper;
import io.stickyip.agent.work.Requeue;
import io.stickyip.agent.work.Steps;
import io.stickyip.agent.work.WorkQueue;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.http.Metrics;
import io.stickyip.runtime.http.Readiness;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.LoopTask;
import io.stickyip.runtime.kube.TaskLoop;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.lifecycle.WorkerPool;
import io.stickyip.runtime.pools.KubePoolSource;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real node's agent: informers (this node's managed pods, the agent Leases, the IPPools) → the fence (own
 * Lease, the others', the watchdog) → the per-pod reconcile on a named worker pool → the ops server. At start
 * it first removes what an earlier process left (all of it when that process's renewal has expired), then
 * renews, then plumbs. Its Lease writes, its pods' conditions and its pods' iproute2 changes are told to
 * {@link Steps} (nobody, in production; the crash tests stop the process there).
 */
final class NodeAgent {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    static final Duration HEARTBEAT_TICK = Duration.ofSeconds(1);
    static final Duration WATCHDOG_TICK = Duration.ofMillis(200);
    static final Duration NODE_ADDRESS_TICK = Duration.ofSeconds(2);

    private NodeAgent() {}

    static AutoCloseable start(AgentConfig config, KubernetesClient kube, Steps steps) {
        Resources resources = new Resources();
        resources.add(kube);
        try {
            return start(config, kube, steps, resources);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    private static AutoCloseable start(AgentConfig config, KubernetesClient kube, Steps steps, Resources resources) {
        Node self = kube.nodes().withName(config.node()).get();
        if (self == null) {
            throw new IllegalStateException("node " + config.node() + " (STICKYIP_NODE_NAME) does not exist");
        }
        Metrics metrics = resources.add(new Metrics());
        Optional<PodCloud> podCloud = AwsPodCloud.open(config.cloud(), resources, metrics.registry());
        Optional<CloudPlumbing> cloud =
                podCloud.flatMap(c -> InstanceIds.of(self).map(i -> new CloudPlumbing(c, i)));
        if (podCloud.isPresent() && cloud.isEmpty()) {
            LOG.warn(
                    "node {} has no EC2 instance in spec.providerID ({}): pods of aws pools are refused here",
                    config.node(),
                    self.getSpec() == null ? null : self.getSpec().getProviderID());
        }
        int capacity = new NodeCapacity(podCloud, config.capacity()).of(self).value();
        ExtendedResource.advertise(kube, config.node(), capacity);
        ExitSignal exit = new ExitSignal(kube, config.node(), Clock.systemUTC());
        exit.running();
        Clock clock = new MonotonicClock();
        AgentMetrics agentMetrics = new AgentMetrics(metrics.registry());
        Informers informers = resources.add(new Informers());
        Cache<Pod> podCache = informers.cache(
                "local-pods",
                kube.pods()
                        .inAnyNamespace()
                        .withField("spec.nodeName", config.node())
                        .withLabel(Annotations.MANAGED_LABEL, "true"),
                CachedPods.indexers());
        CachedPods pods = new CachedPods(podCache);
        Cache<Lease> leases = informers.cache(
                "agent-leases",
                kube.leases().inNamespace(config.leaseNamespace()).withLabel(AgentLeases.LABEL, "true"));
        KubePoolSource pools = resources.add(new KubePoolSource(kube, informers));
        Cache<Node> ownNode = informers.cache("own-node", kube.nodes().withField("metadata.name", config.node()));
        NodeAddressPlumbing nodeAddress = new NodeAddressPlumbing(
                kube,
                () -> ownNode.get("", config.node()),
                config.node(),
                config.lanInterface(),
                pools::catalog,
                new Namespaces(new ProcessRunner(), config.timings().command()),
                Clock.systemUTC());

        FenceState fenceState = new FenceState(config.fence());
        KubeLeaseApi leaseApi = new KubeLeaseApi(kube, config.leaseNamespace());
        OwnLease own = new OwnLease(
                leaseApi,
                new OwnLease.Owner(config.leaseNamespace(), config.node(), config.holder()),
                new OwnLease.LeaseSettings(config.heartbeat(), capacity),
                clock,
                fenceState,
                () -> steps.done("lease write"));
        LiveSet live = new LiveSet();
        AtomicReference<WorkQueue> queueRef = new AtomicReference<>();
        PeerLeases peers = new PeerLeases(
                config.node(),
                new AddressFence(config.fence()),
                clock,
                () -> requeueWaiting(pods, live, queueRef.get()));
        informers.onChange(leases, peers);
        Fence fence = new Fence(own, peers, leaseApi, fenceState);

        NodePlumbing node = plumbing(
                config,
                steps,
                resources,
                cloud,
                new NodePlumbing.Trusted(config.seal().keys(), () -> ownNode.get("", config.node())));
        PodReporter reporter = new PodReporter(
                kube,
                new EventRecorder(kube, "stickyip-agent", config.node(), Clock.systemUTC()),
                Clock.systemUTC(),
                () -> steps.done("condition"));
        PodReconciler reconciler = new PodReconciler(
                pods,
                pools::catalog,
                node,
                fence,
                live,
                new PodReconciler.Reporting(
                        reporter, agentMetrics, clock, config.timings().resync().dividedBy(2)));

        Vertx vertx = Vertx.vertx();
        resources.add(() -> vertx.close().await());
        WorkerPool workers = resources.add(
                new WorkerPool(vertx, "stickyip-agent-work", config.timings().workers()));
        WorkQueue queue =
                new WorkQueue(vertx, workers, config.timings().backoffs(), new Random(), reconciler::reconcile);
        resources.add(queue::stop);
        queueRef.set(queue);
        informers.onChange(podCache, new Requeue(queue));
        informers.start();

        NodeSweeper sweeper = new NodeSweeper(pods, pools::catalog, node, live, own);
        sweeper.recover(fenceState, clock);
        queue.start();
        agentMetrics.podsPlumbed(live::size);
        agentMetrics.leaseWrites(own::writes);
        resources.add(
                () -> { // closed after the loops: release-on-exit if the node is going away
                    if (exit.stopping()) {
                        nodeAddress.removeAll();
                    }
                });
        start(
                resources,
                new TaskLoop(
                        "stickyip-agent-node-address",
                        List.of(task("node address", nodeAddress::reconcile)),
                        NODE_ADDRESS_TICK));
        loops(
                config,
                resources,
                own,
                fenceState,
                clock,
                new SelfFencing(live, node.dataPlane(), pods, queue, agentMetrics),
                sweeper,
                () -> pods.all().forEach(p -> queue.add(p.getMetadata().getUid())));

        Readiness ready = informers
                .readiness()
                .and(Readiness.check("pools", pools::ready))
                .and(Readiness.check("agent Lease renewed", () -> fenceState.mayHold(clock.instant())));
        HttpServerVerticle server =
                new HttpServerVerticle("agent", config.server(), HttpServerVerticle.Routes.NONE, ready, metrics);
        vertx.deployVerticle(server).await();
        LOG.info(
                "agent running node={} pods={} claimed={}",
                config.node(),
                pods.all().size(),
                own.claimed());
        return resources;
    }

    private static NodePlumbing plumbing(
            AgentConfig config,
            Steps steps,
            Resources resources,
            Optional<CloudPlumbing> cloud,
            NodePlumbing.Trusted trust) {
        Namespaces namespaces = new Namespaces(
                new CountingRunner(new ProcessRunner(), steps::done),
                config.timings().command());
        CriPodSandboxes sandboxes = resources.add(
                CriPodSandboxes.connect(config.criSocket(), config.timings().cri()));
        return new NodePlumbing(
                config.node(),
                config.lanInterface(),
                config.keepOnEth0(),
                DataPlane.over(namespaces),
                sandboxes,
                new NodePlumbing.Cleanup(new PodLeftovers(namespaces), new NodeSweep(namespaces)),
                cloud,
                trust);
    }

    private static void loops(
            AgentConfig config,
            Resources resources,
            OwnLease own,
            FenceState fenceState,
            Clock clock,
            SelfFencing fencing,
            NodeSweeper sweeper,
            Runnable resync) {
        Duration lead = config.fence().safety().dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
                ? config.fence().safety().dividedBy(2)
                : Duration.ofSeconds(1);
        start(
                resources,
                new TaskLoop("stickyip-agent-heartbeat", List.of(task("heartbeat", own::heartbeat)), HEARTBEAT_TICK));
        start(
                resources,
                new TaskLoop(
                        "stickyip-agent-fence",
                        List.of(new FenceWatchdog(fenceState, clock, lead, fencing)),
                        WATCHDOG_TICK));
        start(
                resources,
                new TaskLoop(
                        "stickyip-agent-resync",
                        List.of(task("resync", resync::run)),
                        config.timings().resync()));
        start(
                resources,
                new TaskLoop(
                        "stickyip-agent-sweep",
                        List.of(sweeper),
                        config.timings().sweep()));
    }

    private static void start(Resources resources, TaskLoop loop) {
        resources.add(loop).start();
    }

    private static LoopTask task(String name, Runnable run) {
        return new LoopTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void runOnce() {
                run.run();
            }
        };
    }

    /** Another node's Lease changed: the pods not live here (waiting for a release) look again. */
    private static void requeueWaiting(CachedPods pods, LiveSet live, WorkQueue queue) {
        if (queue == null) {
            return;
        }
        for (Pod p : pods.all()) {
            if (!live.involves(p.getMetadata().getUid())) {
                queue.add(p.getMetadata().getUid());
            }
        }
    }
}
