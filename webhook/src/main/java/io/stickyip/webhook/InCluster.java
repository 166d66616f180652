package io.stickyip.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.aws.AwsCloud;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.kube.LeaderElectedLoop;
import io.stickyip.runtime.kube.Lease;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.lifecycle.WorkerPool;
import io.stickyip.runtime.pools.KubePoolSource;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.webhook.admission.NodeLookup;
import io.stickyip.webhook.gc.CollectorTask;
import io.stickyip.webhook.gc.KubePodLookup;
import io.stickyip.webhook.gc.PoolStatusWriter;
import io.stickyip.webhook.gc.ReleasePolicy;
import io.stickyip.webhook.gc.ReservationCollector;
import io.stickyip.webhook.gc.UnbornCollector;
import io.stickyip.webhook.gc.UnbornPolicy;
import io.stickyip.webhook.gc.UnbornTask;
import io.stickyip.webhook.gc.WorkloadExistence;
import io.stickyip.webhook.nodes.CloudAudit;
import io.stickyip.webhook.nodes.CloudPoolStatus;
import io.stickyip.webhook.nodes.NodeAddressConfig;
import io.stickyip.webhook.nodes.NodeAddressController;
import io.stickyip.webhook.nodes.NodeChanges;
import io.stickyip.webhook.nodes.NodeSteps;
import io.stickyip.webhook.nodes.NodeWriter;
import io.stickyip.webhook.pods.KubeLiveCheck;
import io.stickyip.webhook.pods.KubePodView;
import io.stickyip.webhook.pods.OccupantKeeper;
import io.stickyip.webhook.pods.OccupantSweep;
import io.stickyip.webhook.pods.OccupantSweepTask;

import java.time.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;

/**
 * The webhook in a cluster: IPPools and managed pods from informers (started once their listeners
 * exist), pods asked of the API server when the view does not know them, and the leader-elected
 * controllers (reservation GC, slot sweep, pool status; and, at its own shorter interval, the unborn
 * collector) under Lease {@link WebhookConfig#LEASE_NAME}, and, when
 * enabled, the node-address controller under its own Lease.
 */
final class InCluster {
    private InCluster() { }

    static Surroundings wire(WebhookConfig config, EtcdReservationStore store, EtcdHolderWatch holders, Resources resources,
                             WorkerPool blocking, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        KubernetesClient kube = resources.add(KubeClients.connect());
        Informers informers = resources.add(new Informers());
        PoolSource pools = config.poolsFile().map(f -> Standalone.filePools(f, resources, blocking))
                .orElseGet(() -> resources.add(new KubePoolSource(kube, informers)));
        KubePodView pods = new KubePodView(kube, informers);
        pods.listen(informers, new OccupantKeeper(store, clock));
        AtomicReference<LeaderElectedLoop> nodeLoop = new AtomicReference<>();
        if (config.nodeAddresses().isPresent()) { // a node-address pass at once when a Node appears, goes or changes what counts
            informers.onChange(informers.cache("nodes", kube.nodes()), new NodeChanges(() -> {
                LeaderElectedLoop l = nodeLoop.get();
                if (l != null) {
                    l.poke();
                }
            }));
        }
        informers.start();
        KubeLiveCheck live = new KubeLiveCheck(kube, clock, config.unbornGrace()); // a pending slot is judged as the unborn collector does
        long timeout = config.etcd().timeout().toMillis() * 4;
        ReservationCollector collector = new ReservationCollector(store, new WorkloadExistence(kube)::exists,
                new ReleasePolicy(config.gcGrace()), clock);
        UnbornCollector unborn = new UnbornCollector(store, store, pods, new KubePodLookup(kube), new UnbornPolicy(config.unbornGrace()), clock);
        resources.add(new LeaderElectedLoop(kube, Lease.of(config.leaseNamespace(), WebhookConfig.LEASE_NAME, config.identity()), List.of(
                new LeaderElectedLoop.Rounds(List.of(new CollectorTask(collector, timeout),
                        new OccupantSweepTask(new OccupantSweep(store, pods, live), timeout),
                        new PoolStatusWriter(holders, pools::catalog, kube)), config.gcInterval()),
                new LeaderElectedLoop.Rounds(List.of(new UnbornTask(unborn, timeout)), UnbornTask.interval(config.unbornGrace())))));
        config.nodeAddresses().ifPresent(n -> nodeLoop.set(nodeAddresses(config, n, new Cloud(store, holders, kube, pools, registry), resources, timeout)));
        return new Surroundings(pools, pods, live, NodeLookup.of(kube, blocking.executor()));
    }

    /** The node-address controller (aws node pools) under its own Lease {@link NodeAddressConfig#LEASE_NAME}. */
    /** What the node-address controller works with. */
    private record Cloud(EtcdReservationStore store, EtcdHolderWatch holders, KubernetesClient kube, PoolSource pools,
                         MeterRegistry registry) {
    }

    private static LeaderElectedLoop nodeAddresses(WebhookConfig config, NodeAddressConfig n, Cloud c, Resources resources, long timeout) {
        AwsCloud cloud = resources.add(AwsCloud.create(n.aws()));
        Clock clock = Clock.systemUTC();
        EventRecorder events = new EventRecorder(c.kube(), NodeAddressConfig.LEASE_NAME, "", clock);
        NodeWriter writer = new NodeWriter(c.kube(), events);
        CloudAudit cloudAudit = new CloudAudit(n.cluster(), cloud.reconciler(), n.leakGrace(), n.reconcileInterval(), clock);
        FunctionCounter.builder("stickyip_cloud_leaked_released", cloudAudit, CloudAudit::releasedTotal)
                .description("EIPs tagged for this cluster that no reservation held, released by the reconciliation").register(c.registry());
        Gauge.builder("stickyip_cloud_problems", cloudAudit, a -> a.latest().map(r -> r.problems().values().stream()
                        .mapToInt(java.util.List::size).sum()).orElse(0))
                .description("reserved addresses the cloud shows vanished or associated elsewhere (latest reconciliation)")
                .register(c.registry());
        var audit = new NodeAddressController.Audit(cloudAudit,
                new CloudPoolStatus(c.kube()),
                () -> c.holders().current() ? Optional.of(c.holders().index().holders()) : Optional.empty(),
                (pool, reason, message) -> events.record(pool, EventRecorder.Type.Warning, reason, message), clock);
        NodeAddressController controller = new NodeAddressController(n.cluster(), c.pools()::pools, c.store(),
                new NodeSteps(n.cluster(), cloud.nodes(), c.store(), writer, timeout), writer, timeout, Optional.of(audit));
        return resources.add(new LeaderElectedLoop(c.kube(), Lease.of(config.leaseNamespace(), NodeAddressConfig.LEASE_NAME, config.identity()),
                List.of(controller), n.interval()));
    }
}
