package io.stickyip.webhook;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.http.HttpServerVerticle;
import io.stickyip.runtime.http.Metrics;
import io.stickyip.runtime.http.Readiness;
import io.stickyip.runtime.lifecycle.Deployed;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.lifecycle.WorkerPool;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.webhook.admission.AdmissionReviews;
import io.stickyip.webhook.admission.PodAdmission;
import io.stickyip.webhook.admission.Reserver;
import io.stickyip.webhook.admission.ValidationAdmission;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.events.AddressReserved;
import io.stickyip.webhook.pods.SlotClaims;
import io.stickyip.webhook.server.AdmissionRoutes;
import io.stickyip.webhook.server.CertificateRotator;
import io.stickyip.webhook.server.WebhookMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.net.ServerSSLOptions;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook deployable: config → store → where it runs ({@link InCluster} or {@link Standalone})
 * → admission services → server, wired by hand. Blocking work (live checks, file
 * reloads, certificate renewal) runs on one named worker pool, {@value #BLOCKING_POOL}.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final String BLOCKING_POOL = "stickyip-blocking";
    static final int BLOCKING_THREADS = 4;

    private Main() {}

    public static void main(String[] args) {
        Launcher.launch("stickyip-webhook", () -> WebhookConfig.fromEnv(Env.system()), Main::start);
    }

    /** The started webhook; {@link Deployed#close()} drains the server first, then closes the rest in reverse order. */
    public static Deployed start(WebhookConfig config) {
        return Resources.open(resources -> start(config, resources));
    }

    private static Deployed start(WebhookConfig config, Resources resources) {
        if (!config.callers().required()) {
            LOG.warn(
                    "client certificates are not required (STICKYIP_CLIENT_AUTH=none): anyone who reaches port {} can call /mutate "
                            + "and reserve addresses; fence the port (manifests/deploy/40-network-policy.yaml)",
                    config.server().port());
        }
        Vertx vertx = Vertx.vertx();
        resources.add(() -> vertx.close().await()); // the first opened, the last closed
        WorkerPool blocking = resources.add(new WorkerPool(vertx, BLOCKING_POOL, BLOCKING_THREADS));
        EtcdReservationStore store = resources.add(new EtcdReservationStore(config.etcd()));
        store.repair(); // claims wait for it; started now so the first admission does not
        HolderIndex holders = new HolderIndex();
        AllocationCache allocations = new AllocationCache(holders);
        EtcdHolderWatch watch = store.watchHolders(holders, allocations); // closed with the store
        Metrics metrics = resources.add(new Metrics());
        Surroundings where = config.kubernetes()
                ? InCluster.wire(config, resources, blocking)
                : Standalone.wire(config, resources, blocking);
        SlotClaims slots = new SlotClaims(store, where.pods(), where.live(), blocking.executor(), Clock.systemUTC());
        var mapper = Serialization.jsonMapper();
        WebhookMetrics meters = new WebhookMetrics(metrics.registry());
        meters.slotRaces(slots::lostRaces);
        where.events().ifPresent(meters::events);
        var services = new AdmissionRoutes.Services(
                new AdmissionReviews(mapper),
                new PodAdmission(
                        mapper,
                        new PodAdmission.Views(where.pools()::catalog, where.nodes()),
                        new Reserver(store, allocations, slots),
                        new PodAdmission.Writes(config.seal().key(), config.schedulerName()),
                        meters,
                        where.events().<Consumer<AddressReserved>>map(e -> e).orElse(reserved -> {})),
                new ValidationAdmission(mapper, where.pools()),
                meters,
                config.callers());
        Readiness ready = Readiness.check("pools", where.pools()::ready)
                .and(Readiness.check("reservation store", watch::current))
                .and(Readiness.check("start-up repair", store::repaired));
        // client certificates requested (not demanded: probes have none), the callers' CA kept across certificate
        // reloads
        ServerSSLOptions tls = config.callers().apply(new ServerSSLOptions().setUseAlpn(true));
        HttpServerVerticle server =
                new HttpServerVerticle("webhook", config.server(), new AdmissionRoutes(services), ready, metrics, tls);
        String deployment = vertx.deployVerticle(server).await();
        resources.add(() -> vertx.undeploy(deployment).await()); // the last opened, the first closed: requests drain
        blocking.every(EtcdHolderWatch.INTERVAL, "holder watch progress", () -> {
            watch.requestProgress();
            return null;
        });
        CertificateRotator rotator = new CertificateRotator(config.certDir(), Clock.systemUTC());
        if (!config.certRotation().isZero() && rotator.enabled()) {
            blocking.run(rotator::rotateIfDue);
            blocking.every(config.certRotation(), "serving certificate renewal", rotator::rotateIfDue);
        }
        return new Deployed(server, resources);
    }
}
