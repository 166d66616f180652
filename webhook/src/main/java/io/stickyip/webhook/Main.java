package io.stickyip.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.http.Metrics;
import io.stickyip.runtime.http.Readiness;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.kube.LeaderElectedLoop;
import io.stickyip.runtime.kube.Lease;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.pools.FilePoolSource;
import io.stickyip.runtime.pools.KubePoolSource;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.webhook.admission.AdmissionReviews;
import io.stickyip.webhook.admission.PodAdmission;
import io.stickyip.webhook.admission.Reserver;
import io.stickyip.webhook.admission.ValidationAdmission;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.gc.CollectorTask;
import io.stickyip.webhook.gc.PoolStatusWriter;
import io.stickyip.webhook.gc.ReleasePolicy;
import io.stickyip.webhook.gc.ReservationCollector;
import io.stickyip.webhook.gc.WorkloadExistence;
import io.stickyip.webhook.pods.KubePodView;
import io.stickyip.webhook.pods.PodView;
import io.stickyip.webhook.pods.SlotTracker;
import io.stickyip.webhook.reservation.EtcdReservationStore;
import io.stickyip.webhook.server.AdmissionRoutes;
import io.stickyip.webhook.server.CertificateRotator;
import io.stickyip.webhook.server.WebhookMetrics;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The webhook deployable: config → clients → services → server, wired by hand. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        Launcher.launch("stickyip-webhook", () -> WebhookConfig.fromEnv(Env.system()), Main::start);
    }

    /** The started webhook; {@link #close()} stops the server, then everything else in reverse order. */
    public record Running(Vertx vertx, HttpServerVerticle server, Resources resources) implements AutoCloseable {
        public int port() {
            return server.actualPort();
        }

        @Override
        public void close() {
            vertx.close().await();
            resources.close();
        }
    }

    public static Running start(WebhookConfig config) {
        Resources resources = new Resources();
        try {
            return start(config, resources);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    private static Running start(WebhookConfig config, Resources resources) {
        ReservationStore store = resources.add(new EtcdReservationStore(config.etcd()));
        KubernetesClient kube = config.kubernetes() ? resources.add(KubeClients.connect()) : null;
        Informers informers = resources.add(new Informers());
        PoolSource pools = resources.add(config.poolsFile()
                .<PoolSource>map(f -> new FilePoolSource(f, Serialization.yamlMapper()))
                .orElseGet(() -> new KubePoolSource(kube, informers)));
        AllocationCache allocations = new AllocationCache();
        PodView podView = PodView.NONE;
        KubePodView kubePods = null;
        if (kube != null) {
            kubePods = new KubePodView(kube, informers);
            podView = kubePods;
        }
        SlotTracker tracker = new SlotTracker(podView, Clock.systemUTC());
        if (kubePods != null) {
            kubePods.listen(informers, tracker::observed);
        }
        informers.start();
        if (kube != null) {
            long timeout = config.etcd().timeout().toMillis() * 4;
            ReservationCollector collector = new ReservationCollector(store, new WorkloadExistence(kube)::exists,
                    new ReleasePolicy(config.gcGrace()), Clock.systemUTC());
            resources.add(new LeaderElectedLoop(kube, Lease.of(config.leaseNamespace(), WebhookConfig.LEASE_NAME, config.identity()),
                    List.of(new CollectorTask(collector, timeout), new PoolStatusWriter(store, pools::catalog, kube, timeout)),
                    config.gcInterval()));
        }
        Metrics metrics = resources.add(new Metrics());
        HolderSync sync = new HolderSync(store, allocations);
        sync.refresh();
        var mapper = Serialization.jsonMapper();
        var services = new AdmissionRoutes.Services(
                new AdmissionReviews(mapper),
                new PodAdmission(mapper, pools::catalog, tracker, new Reserver(store, allocations), config.schedulerName()),
                new ValidationAdmission(mapper, pools),
                new WebhookMetrics(metrics.registry()));
        Readiness ready = Readiness.check("pools", pools::ready).and(Readiness.check("reservation store", sync::healthy));
        Vertx vertx = Vertx.vertx();
        HttpServerVerticle server = new HttpServerVerticle("webhook", config.server(), new AdmissionRoutes(services), ready, metrics);
        try {
            vertx.deployVerticle(server).await();
        } catch (RuntimeException e) {
            vertx.close().await();
            throw e;
        }
        CertificateRotator rotator = new CertificateRotator(config.certDir(), Clock.systemUTC());
        if (!config.certRotation().isZero() && rotator.enabled()) {
            vertx.executeBlocking(rotator::rotateIfDue);
            vertx.setPeriodic(config.certRotation().toMillis(), id -> vertx.executeBlocking(rotator::rotateIfDue));
        }
        vertx.setPeriodic(HolderSync.INTERVAL_MS, id -> vertx.executeBlocking(() -> {
            sync.refresh();
            if (pools instanceof FilePoolSource f) {
                f.reload();
            }
            return null;
        }));
        return new Running(vertx, server, resources);
    }

    /**
     * Keeps the allocation cache in step with the store, and tells readiness whether etcd answers.
     * One slow listing under load is not an outage: readiness drops only after
     * {@link #FAILURES_BEFORE_UNREADY} failed syncs in a row (admissions fail closed on their own).
     */
    static final class HolderSync {
        static final long INTERVAL_MS = 10_000;
        static final int FAILURES_BEFORE_UNREADY = 3;
        private final ReservationStore store;
        private final AllocationCache allocations;
        private volatile boolean synced;
        private volatile int failuresInARow;

        HolderSync(ReservationStore store, AllocationCache allocations) {
            this.store = store;
            this.allocations = allocations;
        }

        void refresh() {
            try {
                Map<String, io.stickyip.core.workload.WorkloadRef> holders = store.holders().toCompletableFuture().join();
                allocations.resync(holders);
                synced = true;
                failuresInARow = 0;
            } catch (RuntimeException e) {
                failuresInARow++;
                LoggerFactory.getLogger(Main.class).warn("reservation store sync failed failuresInARow={} error=\"{}\"",
                        failuresInARow, e.getMessage());
            }
        }

        boolean healthy() {
            return synced && failuresInARow < FAILURES_BEFORE_UNREADY;
        }
    }
}
