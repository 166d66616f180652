package io.stickyip.controller.nodes;

import io.stickyip.core.cloud.aws.AwsPoolSettings;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.provider.AddressProvider;
import io.stickyip.core.provider.Providers;
import io.stickyip.core.provider.RoutedAddress;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.kube.LoopTask;
import io.stickyip.store.nodes.NodeAddressReservation;
import io.stickyip.store.nodes.NodeAddressStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader-elected node-address controller (KubeIP's job): every Node an aws node pool
 * ({@code scope: Node}, {@code provider.type: aws}) selects gets one Elastic IP. Each pass reads the
 * Nodes, the store and the cloud, decides with {@link NodePoolPass}, and applies in an order that
 * leaves nothing half-written: reserve in etcd, then associate and read back ({@link NodeSteps}),
 * then write the Node; release by disassociating first, then freeing the reservation. A pass
 * killed anywhere is finished by the next one.
 */
public final class NodeAddressController implements LoopTask {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAddressController.class);

    private final String cluster;
    private final Supplier<List<IPPool>> pools;
    private final NodeAddressStore store;
    private final NodeSteps steps;
    private final NodeWriter nodes;
    private final long timeoutMillis;
    private final Optional<Audit> audit;
    private final StaticNodeSteps statics;

    /**
     * The reconciliation and the status of cloud pools (empty in tests of the assignment alone).
     *
     * @param holders the watched holder view (address to workload), empty while it is not current
     */
    public record Audit(
            CloudAudit audit,
            CloudPoolStatus status,
            Supplier<Optional<Map<String, WorkloadRef>>> holders,
            PoolEvents events,
            Clock clock) {}

    /** Warning Events about a pool (reconciliation findings). */
    @FunctionalInterface
    public interface PoolEvents {
        void warn(IPPool pool, String reason, String message);
    }

    public NodeAddressController(
            String cluster,
            Supplier<List<IPPool>> pools,
            NodeAddressStore store,
            NodeSteps steps,
            NodeWriter nodes,
            long timeoutMillis) {
        this(cluster, pools, store, steps, nodes, timeoutMillis, Optional.empty());
    }

    public NodeAddressController(
            String cluster,
            Supplier<List<IPPool>> pools,
            NodeAddressStore store,
            NodeSteps steps,
            NodeWriter nodes,
            long timeoutMillis,
            Optional<Audit> audit) {
        this.cluster = cluster;
        this.pools = pools;
        this.store = store;
        this.steps = steps;
        this.nodes = nodes;
        this.timeoutMillis = timeoutMillis;
        this.audit = audit;
        this.statics = new StaticNodeSteps(store, nodes, timeoutMillis);
    }

    @Override
    public String name() {
        return "node addresses";
    }

    @Override
    public void runOnce() throws Exception {
        Map<String, NodeFacts> facts = new LinkedHashMap<>();
        nodes.nodes().forEach(n -> facts.put(n.getMetadata().getName(), NodeFacts.of(n)));
        List<NodeAddressReservation.Stored> stored =
                store.nodeAddresses().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        boolean anyAws = nodePools().stream().anyMatch(NodeAddressController::audited)
                || !awsPodPools().isEmpty();
        audit.filter(a -> anyAws && a.audit().due()).ifPresent(a -> reconcile(a, stored));
        List<CompiledPool> podSpaces = PoolCatalog.of(pools.get()).all().stream()
                .filter(CompiledPool::isPodScoped)
                .toList();
        Set<String> servedEarlier = new HashSet<>();
        for (IPPool pool : nodePools()) {
            if (Providers.of(pool).nodeCandidates() == AddressProvider.Candidates.POOL_SPACE) {
                staticPool(pool, facts, stored, servedEarlier);
                continue;
            }
            Optional<NodePoolPass.AwsPool> view = view(pool);
            if (view.isEmpty()) {
                continue;
            }
            Set<String> servedBefore = new HashSet<>(servedEarlier);
            stored.stream()
                    .filter(s -> !s.reservation().pool().equals(view.get().name()))
                    .forEach(s -> servedBefore.add(s.reservation().node()));
            List<ElasticIp> eips = notInPodPools(steps.pool(view.get()), podSpaces);
            NodePoolPass.Decision<ElasticIp> d =
                    NodePoolPass.decide(cluster, view.get(), eips, facts, stored, servedBefore);
            servedEarlier.addAll(d.served());
            steps.apply(view.get().pool(), d);
            audit.ifPresent(a -> guardedStatus(
                    pool,
                    () -> a.status()
                            .write(
                                    pool.getMetadata().getName(),
                                    CloudPoolStatus.nodePool(
                                            pool,
                                            eips.size(),
                                            d,
                                            a.audit().latest(),
                                            a.clock().instant()))));
        }
        audit.ifPresent(a -> awsPodPools()
                .forEach(pool -> guardedStatus(
                        pool,
                        () -> CloudPoolStatus.podPool(
                                        pool, a.audit().latest(), a.clock().instant())
                                .ifPresent(
                                        s -> a.status().write(pool.getMetadata().getName(), s)))));
    }

    /** The reconciliation pass; its new findings become Warning Events on their pool. One failure waits for the next pass. */
    private void reconcile(Audit a, List<NodeAddressReservation.Stored> stored) {
        try {
            List<CloudAudit.PodPool> podPools = new ArrayList<>();
            for (IPPool pool : awsPodPools()) {
                view(pool).ifPresent(v -> podPools.add(new CloudAudit.PodPool(v.name(), steps.pool(v))));
            }
            a.audit()
                    .run(stored, podPools, a.holders().get())
                    .ifPresent(report -> report.fresh()
                            .forEach((name, problems) -> pools.get().stream()
                                    .filter(p -> p.getMetadata().getName().equals(name))
                                    .findFirst()
                                    .ifPresent(p ->
                                            problems.forEach(m -> a.events().warn(p, "CloudDiffers", m)))));
        } catch (RuntimeException e) {
            LOG.warn("cloud reconciliation failed, the next pass tries again error=\"{}\"", e.toString());
        }
    }

    private static void guardedStatus(IPPool pool, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn(
                    "pool status not written pool={} error=\"{}\"",
                    pool.getMetadata().getName(),
                    e.toString());
        }
    }

    /** The pod-level aws pools (their addresses are reconciled too). */
    List<IPPool> awsPodPools() {
        return select(false).stream().filter(NodeAddressController::audited).toList();
    }

    /**
     * An EIP a pod pool lists (its public address in the pod pool's ranges) is the pod pool's: the webhook may hand it
     * to a workload (etcd {@code ips/}), so a node pool whose filter also matches it never takes it.
     */
    static List<ElasticIp> notInPodPools(List<ElasticIp> eips, List<CompiledPool> podPools) {
        return eips.stream()
                .filter(e -> Addresses.parse(e.publicIp())
                        .map(a -> podPools.stream().noneMatch(p -> p.space().contains(a)))
                        .orElse(true))
                .toList();
    }

    /** One static node pool's pass: the pool's own addresses, no cloud. */
    private void staticPool(
            IPPool pool,
            Map<String, NodeFacts> facts,
            List<NodeAddressReservation.Stored> stored,
            Set<String> servedEarlier) {
        CompiledPool compiled;
        try {
            compiled = CompiledPool.of(pool);
        } catch (ContractViolation e) {
            LOG.warn("node pool {} skipped: {}", pool.getMetadata().getName(), e.getMessage());
            return;
        }
        String name = pool.getMetadata().getName();
        NodePoolPass.Pool view = new NodePoolPass.Pool(
                name,
                pool.getSpec().getNodeSelector(),
                Optional.ofNullable(pool.getSpec().getTaintKey()).filter(k -> !k.isBlank()),
                pool.getSpec().releasesOnExit(),
                false);
        Set<String> servedBefore = new HashSet<>(servedEarlier);
        stored.stream()
                .filter(s -> !s.reservation().pool().equals(name))
                .forEach(s -> servedBefore.add(s.reservation().node()));
        List<RoutedAddress> candidates = StaticNodeSteps.candidates(compiled, facts.size() + stored.size());
        NodePoolPass.Decision<RoutedAddress> d =
                NodePoolPass.decideRouted(view, candidates, facts, stored, servedBefore);
        servedEarlier.addAll(d.served());
        statics.apply(view, d);
        audit.ifPresent(a -> guardedStatus(pool, () -> {
            var status = CloudPoolStatus.nodePool(
                    pool,
                    compiled.space().size(),
                    d,
                    Optional.empty(),
                    a.clock().instant());
            status.setFree(
                    compiled.space().size() - status.getReserved()); // the candidates are capped, the pool is not
            a.status().write(name, status);
        }));
    }

    /** Every node pool (aws and static), in name order (the first by name serves a node two pools select). */
    List<IPPool> nodePools() {
        return select(true);
    }

    /** The node pools or the pod pools, in name order. */
    private List<IPPool> select(boolean node) {
        return pools.get().stream()
                .filter(p -> p.getSpec() != null && (p.getSpec().getScope() == IPPoolSpec.Scope.Node) == node)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /** A pool whose provider's cloud the audit reconciles (aws). */
    private static boolean audited(IPPool p) {
        return Providers.of(p).audited();
    }

    private Optional<NodePoolPass.AwsPool> view(IPPool pool) {
        try {
            AwsPoolSettings s = AwsPoolSettings.of(pool.getSpec().getProvider());
            return Optional.of(new NodePoolPass.AwsPool(
                    pool.getMetadata().getName(),
                    pool.getSpec().getNodeSelector(),
                    s.filter(),
                    s.order(),
                    Optional.ofNullable(pool.getSpec().getTaintKey()).filter(k -> !k.isBlank()),
                    pool.getSpec().releasesOnExit()));
        } catch (ContractViolation e) {
            LOG.warn("node pool {} skipped: {}", pool.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }
}
