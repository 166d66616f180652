package io.stickyip.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.webhook.admission.AdmissionReviews;
import io.stickyip.webhook.admission.PodAdmission;
import io.stickyip.webhook.admission.Reserver;
import io.stickyip.webhook.admission.ValidationAdmission;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.gc.CollectorTask;
import io.stickyip.webhook.gc.LeaderElectedLoop;
import io.stickyip.webhook.gc.PoolStatusWriter;
import io.stickyip.webhook.gc.ReleasePolicy;
import io.stickyip.webhook.gc.ReservationCollector;
import io.stickyip.webhook.gc.WorkloadExistence;
import io.stickyip.webhook.pods.KubePodView;
import io.stickyip.webhook.pods.PodView;
import io.stickyip.webhook.pods.KubeLiveCheck;
import io.stickyip.webhook.pods.LiveCheck;
import io.stickyip.webhook.pods.OccupantKeeper;
import io.stickyip.webhook.pods.OccupantSweep;
import io.stickyip.webhook.pods.OccupantSweepTask;
import io.stickyip.webhook.pods.SlotClaims;
import io.stickyip.webhook.pools.FilePoolSource;
import io.stickyip.webhook.pools.KubePoolSource;
import io.stickyip.webhook.pools.PoolSource;
import io.stickyip.webhook.reservation.EtcdReservationStore;
import io.stickyip.webhook.server.CertificateRotator;
import io.stickyip.webhook.server.TlsFiles;
import io.stickyip.webhook.server.WebhookMetrics;
import io.stickyip.webhook.server.WebhookVerticle;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The webhook deployable: config → clients → services → server, wired by hand. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        WebhookConfig config;
        try {
            config = WebhookConfig.fromMap(System.getenv());
        } catch (WebhookConfig.InvalidConfigException e) {
            System.err.println("stickyip-webhook: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.jsonLogs()) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("starting stickyip webhook config={}", config.describe());
        if (!config.callers().required()) {
            log.warn("client certificates are not required (STICKYIP_CLIENT_AUTH=none): anyone who reaches port {} can call /mutate "
                    + "and reserve addresses; fence the port (manifests/deploy/40-network-policy.yaml)", config.port());
        }
        try {
            Running running = start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stickyip-shutdown"));
        } catch (Throwable e) { // also checked ones Vert.x rethrows (BindException): never linger half-started
            log.error("start-up failed: {}", e.toString(), e);
            Runtime.getRuntime().halt(1);
        }
    }

    /** The started webhook; {@link #close()} stops everything in reverse order. */
    public record Running(Vertx vertx, WebhookVerticle verticle, List<AutoCloseable> resources) implements AutoCloseable {
        public int port() {
            return verticle.actualPort();
        }

        @Override
        public void close() {
            vertx.close().await();
            for (AutoCloseable r : resources.reversed()) {
                try {
                    r.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(Main.class).warn("close failed resource={} error=\"{}\"", r, e.toString());
                }
            }
        }
    }

    public static Running start(WebhookConfig config) {
        List<AutoCloseable> resources = new ArrayList<>();
        EtcdReservationStore store = new EtcdReservationStore(config.etcd());
        resources.add(store);
        store.repair(); // claims wait for it; started now so the first admission does not
        KubernetesClient kube = config.kubernetes() ? new KubernetesClientBuilder().build() : null;
        if (kube != null) {
            resources.add(kube);
        }
        PoolSource pools = config.poolsFile()
                .<PoolSource>map(f -> new FilePoolSource(f, Serialization.yamlMapper()))
                .orElseGet(() -> new KubePoolSource(kube));
        resources.add(pools);
        AllocationCache allocations = new AllocationCache();
        PodView podView = PodView.NONE;
        KubePodView kubePods = null;
        if (kube != null) {
            kubePods = new KubePodView(kube);
            resources.add(kubePods);
            podView = kubePods;
        }
        // ---- slot occupancy (docs/admission.md, "Slots"): decided in etcd, kept in step with the pods seen ----
        LiveCheck live = kube == null ? LiveCheck.NONE
                : new KubeLiveCheck(kube, Clock.systemUTC(), KubeLiveCheck.DEFAULT_PENDING_TIMEOUT);
        ExecutorService liveChecks = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("stickyip-live-check-", 0).daemon().factory());
        resources.add(liveChecks::shutdownNow);
        SlotClaims slots = new SlotClaims(store, podView, live, liveChecks, Clock.systemUTC());
        if (kubePods != null) {
            kubePods.start(new OccupantKeeper(store, Clock.systemUTC()));
        }
        if (kube != null) {
            long timeout = config.etcd().timeout().toMillis() * 4;
            ReservationCollector collector = new ReservationCollector(store, new WorkloadExistence(kube)::exists,
                    new ReleasePolicy(config.gcGrace()), Clock.systemUTC());
            resources.add(new LeaderElectedLoop(kube, config.leaseNamespace(), config.identity(), List.of(
                    new CollectorTask(collector, timeout),
                    new OccupantSweepTask(new OccupantSweep(store, kubePods, live), timeout),
                    new PoolStatusWriter(store, pools::catalog, kube, timeout)), config.gcInterval()));
        }
        WebhookMetrics metrics = new WebhookMetrics();
        HolderSync sync = new HolderSync(store, allocations);
        sync.refresh();
        var mapper = Serialization.jsonMapper();
        var services = new WebhookVerticle.Services(
                new AdmissionReviews(mapper),
                new PodAdmission(mapper, pools::catalog, slots, new Reserver(store, allocations), config.schedulerName()),
                new ValidationAdmission(mapper, pools),
                metrics,
                () -> pools.ready() && sync.healthy(),
                config.callers());
        Vertx vertx = Vertx.vertx();
        WebhookVerticle verticle = new WebhookVerticle(config.host(), config.port(), config.maxBodyBytes(),
                new TlsFiles(config.certDir()), services);
        vertx.deployVerticle(verticle).await();
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
        return new Running(vertx, verticle, resources);
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
