package io.stickyip.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.http.Metrics;
import io.stickyip.runtime.http.Readiness;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.lifecycle.Deployed;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.lifecycle.WorkerPool;
import io.stickyip.runtime.pools.FilePoolSource;
import io.stickyip.runtime.pools.KubePoolSource;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.store.watch.HolderEvent;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.store.watch.HolderListener;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The controller deployable: config → store → cluster clients → the leader-elected controllers ({@link Controllers})
 * → the ops server (/healthz, /readyz, /metrics), wired by hand. Every replica keeps the slots' occupants in step
 * with the pods it sees; the leader of each Lease runs the loops. Blocking work runs on one named worker pool,
 * {@value #BLOCKING_POOL}.
 */
public final class Main {
    static final String BLOCKING_POOL = "stickyip-blocking";
    static final int BLOCKING_THREADS = 2;
    static final Duration POOLS_FILE_CHECK = Duration.ofSeconds(10);

    private Main() {}

    public static void main(String[] args) {
        Launcher.launch("stickyip-controller", () -> ControllerConfig.fromEnv(Env.system()), Main::start);
    }

    /**
     * Started against the API server fabric8's discovery finds ({@code KUBECONFIG}, the pod's service account);
     * {@link Deployed#close()} stops the server first, then the loops, then the rest.
     */
    public static Deployed start(ControllerConfig config) {
        return start(config, KubeClients.connect());
    }

    /** Started against {@code kube}, which the returned handle closes (as it does when the start fails). */
    public static Deployed start(ControllerConfig config, KubernetesClient kube) {
        return Resources.open(resources -> start(config, kube, resources));
    }

    private static Deployed start(ControllerConfig config, KubernetesClient kube, Resources resources) {
        resources.add(kube); // closed last, after everything that uses it
        Vertx vertx = Vertx.vertx();
        resources.add(() -> vertx.close().await()); // the first opened, the last closed
        WorkerPool blocking = resources.add(new WorkerPool(vertx, BLOCKING_POOL, BLOCKING_THREADS));
        EtcdReservationStore store = resources.add(new EtcdReservationStore(config.etcd()));
        EtcdHolderWatch watch = store.watchHolders(new HolderIndex(), NO_LISTENER); // closed with the store
        Metrics metrics = resources.add(new Metrics());
        Informers informers = resources.add(new Informers());
        PoolSource pools = config.poolsFile()
                .map(f -> filePools(f, resources, blocking))
                .orElseGet(() -> resources.add(new KubePoolSource(kube, informers)));
        Controllers.wire(
                config, new Controllers.Clients(store, watch, kube, informers, pools, metrics.registry()), resources);
        Readiness ready =
                Readiness.check("pools", pools::ready).and(Readiness.check("reservation store", watch::current));
        HttpServerVerticle server =
                new HttpServerVerticle("controller", config.server(), HttpServerVerticle.Routes.NONE, ready, metrics);
        String deployment = vertx.deployVerticle(server).await();
        resources.add(() -> vertx.undeploy(deployment).await()); // the last opened, the first closed
        blocking.every(EtcdHolderWatch.INTERVAL, "holder watch progress", () -> {
            watch.requestProgress();
            return null;
        });
        return new Deployed(server, resources);
    }

    /** Pools from {@code file}, read now (a broken file stops the start) and again when it changes. */
    private static PoolSource filePools(Path file, Resources resources, WorkerPool blocking) {
        FilePoolSource pools = resources.add(new FilePoolSource(file, Serialization.yamlMapper()));
        blocking.every(POOLS_FILE_CHECK, "pools file reload", () -> {
            pools.reload();
            return null;
        });
        return pools;
    }

    /** The controllers read the holder index; nothing here caches allocations from it. */
    private static final HolderListener NO_LISTENER = new HolderListener() {
        @Override
        public void reset() {}

        @Override
        public void changed(List<HolderEvent> applied) {}
    };
}
