package io.stickyip.extender;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.extender.cache.AgentIndex;
import io.stickyip.extender.cache.BoundPodIndex;
import io.stickyip.extender.cache.ExtenderView;
import io.stickyip.extender.cache.NodeIndex;
import io.stickyip.extender.cache.PoolPlacements;
import io.stickyip.extender.scheduling.NodeFilter;
import io.stickyip.extender.server.ExtenderMetrics;
import io.stickyip.extender.server.ExtenderRoutes;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.http.Metrics;
import io.stickyip.runtime.http.Readiness;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.lifecycle.Deployed;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.pools.KubePoolSource;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The extender deployable: config → Kubernetes client → informers (Nodes, managed pods, IPPools,
 * agent Leases) → the view → the HTTP(S) server. Calls are answered from memory only.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Launcher.launch(
                "stickyip-extender",
                () -> ExtenderConfig.fromEnv(Env.system()),
                config -> start(config, KubeClients.connect()));
    }

    /**
     * Starts on {@code kube} (closed with the rest); blocks until every informer has its first list.
     * {@link Deployed#close()} stops the server, then the informers and the client.
     */
    public static Deployed start(ExtenderConfig config, KubernetesClient kube) {
        return Resources.open(resources -> {
            resources.add(kube); // closed last, after everything that uses it
            return start(config, kube, resources);
        });
    }

    private static Deployed start(ExtenderConfig config, KubernetesClient kube, Resources resources) {
        Informers informers = resources.add(new Informers());
        AgentIndex agents = new AgentIndex();
        NodeIndex nodes = new NodeIndex(agents);
        informers.onChange(informers.cache("nodes", kube.nodes()), nodes);
        BoundPodIndex pods = new BoundPodIndex();
        informers.onChange(
                informers.cache(
                        "managed-pods", kube.pods().inAnyNamespace().withLabel(Annotations.MANAGED_LABEL, "true")),
                pods);
        informers.onChange(
                informers.cache(
                        "agent-leases",
                        kube.leases().inNamespace(config.leaseNamespace()).withLabel(AgentLeases.LABEL, "true")),
                agents);
        KubePoolSource pools = resources.add(new KubePoolSource(kube, informers));
        informers.start();

        Metrics metrics = resources.add(new Metrics());
        ExtenderView view = new ExtenderView(nodes, new PoolPlacements(pools::catalog), agents, pods);
        ExtenderRoutes routes = new ExtenderRoutes(
                view,
                new NodeFilter(config.leaseNamespace()),
                new ExtenderMetrics(metrics.registry()),
                Clock.systemUTC());
        Readiness ready = informers.readiness().and(Readiness.check("pools", pools::ready));
        Vertx vertx = Vertx.vertx();
        resources.add(() -> vertx.close().await()); // the last opened, the first closed: the server stops first
        HttpServerVerticle server = new HttpServerVerticle("extender", config.server(), routes::mount, ready, metrics);
        vertx.deployVerticle(server).await();
        return new Deployed(server, resources);
    }
}
