package io.stickyip.controller.nodes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.pool.v1alpha1.PoolCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status of cloud pools, written by the node-address controller: for node pools the counts (total =
 * the filter's EIPs, reserved, free, waiting, live) and the {@code NodesWaiting} condition; for every aws
 * pool the {@code CloudInSync} condition from the latest reconciliation. A merge patch of the status
 * subresource, only when something changed; a condition keeps its {@code lastTransitionTime} while its
 * status stays. (Pod pools' counts are the pool-status task's: this writes only their conditions.)
 */
public final class CloudPoolStatus {
    private static final Logger LOG = LoggerFactory.getLogger(CloudPoolStatus.class);

    private final KubernetesClient kube;
    private final Map<String, String> written = new HashMap<>();

    public CloudPoolStatus(KubernetesClient kube) {
        this.kube = kube;
    }

    /** A node pool after a pass: {@code live} counts the kept addresses that needed no step. */
    public static IPPoolStatus nodePool(
            IPPool pool, long eips, NodePoolPass.Decision<?> d, Optional<CloudAudit.Report> audit, Instant now) {
        IPPoolStatus s = new IPPoolStatus();
        long reserved = d.work().size();
        s.setTotal(eips);
        s.setReserved(reserved);
        s.setFree((long) d.free());
        s.setWaiting((long) d.waiting().size());
        s.setLive(d.work().stream().filter(NodePoolPass.Work::upToDate).count());
        List<PoolCondition> conditions = new ArrayList<>();
        conditions.add(
                d.waiting().isEmpty()
                        ? new PoolCondition(
                                PoolCondition.NODES_WAITING,
                                false,
                                "AllNodesServed",
                                "every selected node has an address")
                        : new PoolCondition(
                                PoolCondition.NODES_WAITING,
                                true,
                                "NoFreeAddress",
                                d.waiting().size() + " selected node(s) wait for a free Elastic IP: "
                                        + String.join(", ", d.waiting())));
        inSync(pool.getMetadata().getName(), audit).ifPresent(conditions::add);
        s.setConditions(stamped(conditions, pool.getStatus(), now));
        return s;
    }

    /** A pod-level aws pool: only its CloudInSync condition (empty before the first reconciliation). */
    public static Optional<IPPoolStatus> podPool(IPPool pool, Optional<CloudAudit.Report> audit, Instant now) {
        return inSync(pool.getMetadata().getName(), audit).map(c -> {
            IPPoolStatus s = new IPPoolStatus();
            s.setConditions(stamped(List.of(c), pool.getStatus(), now));
            return s;
        });
    }

    static Optional<PoolCondition> inSync(String pool, Optional<CloudAudit.Report> audit) {
        return audit.map(r -> {
            List<String> problems = r.problems().getOrDefault(pool, List.of());
            return problems.isEmpty()
                    ? new PoolCondition(
                            PoolCondition.CLOUD_IN_SYNC,
                            true,
                            "InSync",
                            "the cloud shows every reserved address as stickyip bound it")
                    : new PoolCondition(
                            PoolCondition.CLOUD_IN_SYNC, false, "CloudDiffers", String.join("; ", problems));
        });
    }

    /** Each condition's lastTransitionTime: the previous one's while the status is the same, else now. */
    static List<PoolCondition> stamped(List<PoolCondition> conditions, IPPoolStatus previous, Instant now) {
        List<PoolCondition> prior =
                previous == null || previous.getConditions() == null ? List.of() : previous.getConditions();
        for (PoolCondition c : conditions) {
            c.setLastTransitionTime(prior.stream()
                    .filter(p ->
                            c.getType().equals(p.getType()) && c.getStatus().equals(p.getStatus()))
                    .map(PoolCondition::getLastTransitionTime)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(now.toString()));
        }
        return conditions;
    }

    /** What was last written for the pool (the merge patch's status), if anything. */
    public Optional<IPPoolStatus> written(String pool) {
        return Optional.ofNullable(written.get(pool))
                .map(t -> Serialization.jsonMapper()
                        .convertValue(Serialization.jsonMapper().readTree(t).get("status"), IPPoolStatus.class));
    }

    /** Writes the fields set in {@code status} (a merge patch), unless the same was written last time. */
    public void write(String pool, IPPoolStatus status) {
        ObjectNode body = Serialization.jsonMapper().createObjectNode();
        body.set("status", Serialization.jsonMapper().valueToTree(status));
        String text = body.toString();
        if (text.equals(written.get(pool))) {
            return;
        }
        kube.resources(IPPool.class)
                .withName(pool)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), text);
        written.put(pool, text);
        LOG.info("cloud pool status pool={} status={}", pool, body.get("status"));
    }
}
