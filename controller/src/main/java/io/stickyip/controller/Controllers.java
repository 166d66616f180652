package io.stickyip.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stickyip.aws.AwsCloud;
import io.stickyip.controller.gc.CollectorTask;
import io.stickyip.controller.gc.KubePodLookup;
import io.stickyip.controller.gc.PoolStatusWriter;
import io.stickyip.controller.gc.ReleasePolicy;
import io.stickyip.controller.gc.ReservationCollector;
import io.stickyip.controller.gc.UnbornCollector;
import io.stickyip.controller.gc.UnbornPolicy;
import io.stickyip.controller.gc.UnbornTask;
import io.stickyip.controller.gc.WorkloadExistence;
import io.stickyip.controller.nodes.CloudAudit;
import io.stickyip.controller.nodes.CloudPoolStatus;
import io.stickyip.controller.nodes.NodeAddressConfig;
import io.stickyip.controller.nodes.NodeAddressController;
import io.stickyip.controller.nodes.NodeChanges;
import io.stickyip.controller.nodes.NodeSteps;
import io.stickyip.controller.nodes.NodeWriter;
import io.stickyip.controller.pods.OccupantKeeper;
import io.stickyip.controller.pods.OccupantSweep;
import io.stickyip.controller.pods.OccupantSweepTask;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.LeaderElectedLoop;
import io.stickyip.runtime.kube.Lease;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.pods.KubeLiveCheck;
import io.stickyip.runtime.pods.KubePodView;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.watch.EtcdHolderWatch;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The controllers in a cluster: managed pods from an informer (started once their listeners exist), every replica's
 * {@link OccupantKeeper} on it, and the leader-elected loops: reservation GC, slot sweep, pool status and, at its own
 * shorter interval, the unborn collector, under Lease {@link ControllerConfig#LEASE_NAME}; and, when enabled, the
 * node-address controller under its own Lease {@link NodeAddressConfig#LEASE_NAME}.
 */
final class Controllers {
    private Controllers() {}

    /** What the controllers work with. */
    record Clients(
            EtcdReservationStore store,
            EtcdHolderWatch holders,
            KubernetesClient kube,
            Informers informers,
            PoolSource pools,
            MeterRegistry registry) {}

    static void wire(ControllerConfig config, Clients c, Resources resources) {
        Clock clock = Clock.systemUTC();
        KubePodView pods = new KubePodView(c.kube(), c.informers());
        pods.listen(c.informers(), new OccupantKeeper(c.store(), clock));
        AtomicReference<LeaderElectedLoop> nodeLoop = new AtomicReference<>();
        if (config.nodeAddresses()
                .isPresent()) { // a node-address pass at once when a Node appears, goes or changes what counts
            c.informers().onChange(c.informers().cache("nodes", c.kube().nodes()), new NodeChanges(() -> {
                LeaderElectedLoop l = nodeLoop.get();
                if (l != null) {
                    l.poke();
                }
            }));
        }
        c.informers().start();
        long timeout = config.etcd().timeout().toMillis() * 4;
        resources.add(collectors(config, c, pods, timeout, clock));
        config.nodeAddresses().ifPresent(n -> nodeLoop.set(nodeAddresses(config, n, c, resources, timeout)));
    }

    private static LeaderElectedLoop collectors(
            ControllerConfig config, Clients c, KubePodView pods, long timeout, Clock clock) {
        KubeLiveCheck live = new KubeLiveCheck(
                c.kube(), clock, config.unbornGrace()); // a pending slot is judged as the unborn collector does
        ReservationCollector collector = new ReservationCollector(
                c.store(), new WorkloadExistence(c.kube())::exists, new ReleasePolicy(config.gcGrace()), clock);
        UnbornCollector unborn = new UnbornCollector(
                c.store(), c.store(), pods, new KubePodLookup(c.kube()), new UnbornPolicy(config.unbornGrace()), clock);
        return new LeaderElectedLoop(
                c.kube(),
                Lease.of(config.leaseNamespace(), ControllerConfig.LEASE_NAME, config.identity()),
                List.of(
                        new LeaderElectedLoop.Rounds(
                                List.of(
                                        new CollectorTask(collector, timeout),
                                        new OccupantSweepTask(new OccupantSweep(c.store(), pods, live), timeout),
                                        new PoolStatusWriter(
                                                c.holders(), c.pools()::catalog, pods::managedPods, c.kube())),
                                config.gcInterval()),
                        new LeaderElectedLoop.Rounds(
                                List.of(new UnbornTask(unborn, timeout)), UnbornTask.interval(config.unbornGrace()))));
    }

    /** The node-address controller (aws and static node pools) under its own Lease {@link NodeAddressConfig#LEASE_NAME}. */
    private static LeaderElectedLoop nodeAddresses(
            ControllerConfig config, NodeAddressConfig n, Clients c, Resources resources, long timeout) {
        AwsCloud cloud = resources.add(AwsCloud.create(n.aws()));
        cloud.metrics().bindTo(c.registry()); // stickyip_ec2_*: attempts, throttling, back-off of its EC2 client
        Clock clock = Clock.systemUTC();
        EventRecorder events = new EventRecorder(c.kube(), NodeAddressConfig.LEASE_NAME, "", clock);
        NodeWriter writer = new NodeWriter(c.kube(), events);
        CloudAudit cloudAudit =
                new CloudAudit(n.cluster(), cloud.reconciler(), n.leakGrace(), n.reconcileInterval(), clock);
        FunctionCounter.builder("stickyip_cloud_leaked_released", cloudAudit, CloudAudit::releasedTotal)
                .description("EIPs tagged for this cluster that no reservation held, released by the reconciliation")
                .register(c.registry());
        Gauge.builder(
                        "stickyip_cloud_problems",
                        cloudAudit,
                        a -> a.latest()
                                .map(r -> r.problems().values().stream()
                                        .mapToInt(List::size)
                                        .sum())
                                .orElse(0))
                .description(
                        "reserved addresses the cloud shows vanished or associated elsewhere (latest reconciliation)")
                .register(c.registry());
        var audit = new NodeAddressController.Audit(
                cloudAudit,
                new CloudPoolStatus(c.kube()),
                () -> c.holders().current() ? Optional.of(c.holders().index().holders()) : Optional.empty(),
                (pool, reason, message) -> events.record(pool, EventRecorder.Type.Warning, reason, message),
                clock);
        NodeAddressController controller = new NodeAddressController(
                n.cluster(),
                c.pools()::pools,
                c.store(),
                new NodeSteps(n.cluster(), cloud.nodes(), c.store(), writer, timeout),
                writer,
                timeout,
                Optional.of(audit));
        return resources.add(new LeaderElectedLoop(
                c.kube(),
                Lease.of(config.leaseNamespace(), NodeAddressConfig.LEASE_NAME, config.identity()),
                List.of(controller),
                n.interval()));
    }
}
