package io.stickyip.agent.standin;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.agent.AgentConfig;
import io.stickyip.agent.cloud.AwsPodCloud;
import io.stickyip.agent.cloud.PodCloud;
import io.stickyip.agent.fence.KubeLeaseApi;
import io.stickyip.agent.fence.MonotonicClock;
import io.stickyip.agent.node.ExtendedResource;
import io.stickyip.agent.node.NodeCapacity;
import io.stickyip.agent.pods.CachedPods;
import io.stickyip.agent.pods.PodReporter;
import io.stickyip.agent.work.Requeue;
import io.stickyip.agent.work.WorkQueue;
import io.stickyip.core.contract.Annotations;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.http.Metrics;
import io.stickyip.runtime.http.Readiness;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.kube.LoopTask;
import io.stickyip.runtime.kube.TaskLoop;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.lifecycle.WorkerPool;
import io.stickyip.runtime.pools.KubePoolSource;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent for KWOK nodes, which have no data plane and no container runtime: one process serves every node
 * labelled {@code STICKYIP_STANDIN_NODE_SELECTOR}. It writes each node's agent Lease as a node's agent would
 * (heartbeat, free addresses, attached: the addresses of its ready pods) and sets {@code stickyip.io/ip-ready}
 * on a managed pod once it is bound to one of them. Its Leases carry {@value StandInLeases#STAND_IN_LABEL}, so it
 * never writes over a Lease someone else wrote. Test support: the main of {@code stickyip-agent-testing.jar}
 * ({@code hack/cluster} runs it beside {@code stickyip-agent.jar}, which its manifest puts on the class path),
 * never part of the agent's jar or of an image.
 */
public final class StandInAgent {
    private static final Logger LOG = LoggerFactory.getLogger(StandInAgent.class);
    static final Duration HEARTBEAT_TICK = Duration.ofSeconds(1);

    private StandInAgent() {}

    public static void main(String[] args) {
        Launcher.launch(
                "stickyip-agent-stand-in",
                () -> StandInConfig.fromEnv(Env.system()),
                config -> start(
                        config,
                        KubeClients.connect(
                                Optional.empty(), config.agent().timings().api())));
    }

    public static AutoCloseable start(StandInConfig config, KubernetesClient kube) {
        Resources resources = new Resources();
        resources.add(kube);
        try {
            return start(config, kube, resources);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    private static AutoCloseable start(StandInConfig settings, KubernetesClient kube, Resources resources) {
        AgentConfig config = settings.agent();
        Clock clock = new MonotonicClock();
        Metrics metrics = resources.add(new Metrics());
        Informers informers = resources.add(new Informers());
        Map.Entry<String, String> label = settings.label();
        Cache<Node> nodes = informers.cache("stand-in-nodes", kube.nodes().withLabel(label.getKey(), label.getValue()));
        Cache<Pod> podCache = informers.cache(
                "managed-pods",
                kube.pods().inAnyNamespace().withLabel(Annotations.MANAGED_LABEL, "true"),
                CachedPods.indexers());
        CachedPods pods = new CachedPods(podCache);
        KubePoolSource pools = resources.add(new KubePoolSource(kube, informers));
        Optional<PodCloud> podCloud = AwsPodCloud.open(config.cloud(), resources, metrics.registry());
        Optional<StandInCloud> cloud = podCloud.map(c -> new StandInCloud(c, pods, nodes, pools::catalog));
        NodeCapacity capacity = new NodeCapacity(podCloud, config.capacity());
        StandInLeases leases = new StandInLeases(
                new KubeLeaseApi(kube, config.leaseNamespace()),
                config,
                clock,
                n -> advertised(kube, n, capacity.of(n)));
        resources.add(leases::close);
        PodReporter reporter = new PodReporter(
                kube,
                new EventRecorder(kube, "stickyip-agent-stand-in", "", Clock.systemUTC()),
                Clock.systemUTC(),
                () -> {});
        StandInPods standIn = new StandInPods(
                pods, nodes, reporter, pools::catalog, cloud, config.seal().keys());

        Vertx vertx = Vertx.vertx();
        resources.add(() -> vertx.close().await());
        WorkerPool workers = resources.add(
                new WorkerPool(vertx, "stickyip-agent-work", config.timings().workers()));
        WorkQueue queue = new WorkQueue(vertx, workers, config.timings().backoffs(), new Random(), standIn::reconcile);
        resources.add(queue::stop);
        informers.onChange(podCache, new Requeue(queue));
        informers.onChange(nodes, leases.nodeEvents());
        informers.start();
        queue.start();

        leases.removeUnserved(nodes.list());
        leases.heartbeat(nodes.list(), standIn.attachedByNode());
        resources
                .add(new TaskLoop("stickyip-agent-heartbeat", List.of(leases.task(nodes, standIn)), HEARTBEAT_TICK))
                .start();
        if (cloud.isPresent()) {
            // what a stand-in killed between two steps, or a pod gone while it was away, left bound: released
            resources
                    .add(new TaskLoop(
                            "stickyip-agent-cloud-sweep",
                            List.of(sweep(standIn)),
                            config.timings().resync()))
                    .start();
        }
        metrics.registry()
                .gauge("stickyip.agent.stand.in.nodes", nodes, c -> c.list().size());
        metrics.registry().gauge("stickyip.agent.lease.writes", leases, StandInLeases::writes);

        HttpServerVerticle server = new HttpServerVerticle(
                "agent-stand-in",
                config.server(),
                HttpServerVerticle.Routes.NONE,
                informers.readiness().and(Readiness.check("pools", pools::ready)),
                metrics);
        vertx.deployVerticle(server).await();
        LOG.info(
                "stand-in agent running nodes={} selector={} cloud={}",
                nodes.list().size(),
                settings.nodeSelector(),
                cloud.isPresent());
        return resources;
    }

    /** The node's capacity for its Lease; one from its instance is also advertised as the node's extended resource. */
    private static int advertised(KubernetesClient kube, Node node, NodeCapacity.Capacity c) {
        if (c.fromCloud() && !ExtendedResource.advertised(node).equals(Optional.of(c.value()))) {
            try {
                ExtendedResource.advertise(kube, node.getMetadata().getName(), c.value());
            } catch (KubernetesClientException e) {
                LOG.warn(
                        "extended resource not advertised node={} error=\"{}\"",
                        node.getMetadata().getName(),
                        e.getMessage());
            }
        }
        return c.value();
    }

    private static LoopTask sweep(StandInPods pods) {
        return new LoopTask() {
            @Override
            public String name() {
                return "stand-in cloud sweep";
            }

            @Override
            public void runOnce() {
                pods.sweep();
            }
        };
    }
}
