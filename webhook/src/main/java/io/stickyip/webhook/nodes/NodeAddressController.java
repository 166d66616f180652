package io.stickyip.webhook.nodes;

import io.stickyip.core.cloud.aws.AwsPoolSettings;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;
import io.stickyip.runtime.kube.LoopTask;
import io.stickyip.webhook.reservation.NodeAddressReservation;
import io.stickyip.webhook.reservation.NodeAddressStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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

    public NodeAddressController(String cluster, Supplier<List<IPPool>> pools, NodeAddressStore store, NodeSteps steps,
                                 NodeWriter nodes, long timeoutMillis) {
        this.cluster = cluster;
        this.pools = pools;
        this.store = store;
        this.steps = steps;
        this.nodes = nodes;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public String name() {
        return "node addresses";
    }

    @Override
    public void runOnce() throws Exception {
        Map<String, NodeFacts> facts = new LinkedHashMap<>();
        nodes.nodes().forEach(n -> facts.put(n.getMetadata().getName(), NodeFacts.of(n)));
        List<NodeAddressReservation.Stored> stored = store.nodeAddresses().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        Set<String> servedEarlier = new HashSet<>();
        for (IPPool pool : awsNodePools()) {
            Optional<NodePoolPass.Pool> view = view(pool);
            if (view.isEmpty()) {
                continue;
            }
            Set<String> servedBefore = new HashSet<>(servedEarlier);
            stored.stream().filter(s -> !s.reservation().pool().equals(view.get().name()))
                    .forEach(s -> servedBefore.add(s.reservation().node()));
            List<ElasticIp> eips = steps.pool(view.get());
            NodePoolPass.Decision d = NodePoolPass.decide(cluster, view.get(), eips, facts, stored, servedBefore);
            servedEarlier.addAll(d.served());
            steps.apply(view.get(), d);
        }
    }

    /** The aws node pools, in name order (the first by name serves a node two pools select). */
    List<IPPool> awsNodePools() {
        return pools.get().stream()
                .filter(p -> p.getSpec() != null && p.getSpec().getScope() == IPPoolSpec.Scope.Node)
                .filter(p -> p.getSpec().getProvider() != null && p.getSpec().getProvider().getType() == Provider.Type.AWS)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    private Optional<NodePoolPass.Pool> view(IPPool pool) {
        try {
            AwsPoolSettings s = AwsPoolSettings.of(pool.getSpec().getProvider());
            return Optional.of(new NodePoolPass.Pool(pool.getMetadata().getName(), pool.getSpec().getNodeSelector(), s.filter(), s.order(),
                    Optional.ofNullable(pool.getSpec().getTaintKey()).filter(k -> !k.isBlank()), pool.getSpec().releasesOnExit()));
        } catch (ContractViolation e) {
            LOG.warn("node pool {} skipped: {}", pool.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }
}
