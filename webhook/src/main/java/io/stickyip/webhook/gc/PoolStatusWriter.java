package io.stickyip.webhook.gc;

import io.stickyip.runtime.kube.LoopTask;

import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.webhook.reservation.EtcdHolderWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes each IPPool's status (total, reserved, free) from the watched holder view (no etcd read
 * of its own), as a merge patch of the status subresource, only when the counts changed, and only
 * while the view is current. Live addresses are counted by
 * the node agents, which do not exist yet, so {@code live} is left unset.
 */
public final class PoolStatusWriter implements LoopTask {
    private static final Logger LOG = LoggerFactory.getLogger(PoolStatusWriter.class);

    private final EtcdHolderWatch holders;
    private final Supplier<PoolCatalog> pools;
    private final KubernetesClient client;
    private final Map<String, IPPoolStatus> written = new HashMap<>();

    public PoolStatusWriter(EtcdHolderWatch holders, Supplier<PoolCatalog> pools, KubernetesClient client) {
        this.holders = holders;
        this.pools = pools;
        this.client = client;
    }

    @Override
    public String name() {
        return "pool-status";
    }

    @Override
    public void runOnce() {
        if (!holders.current()) {
            LOG.info("pool status not written: the holder view is not current");
            return;
        }
        List<IPAddress> held = parse(holders.index().holders().keySet());
        for (CompiledPool pool : pools.get().all()) {
            if (!pool.isPodScoped()) {
                continue; // a node pool's status is the node-address controller's (webhook/nodes/CloudPoolStatus)
            }
            IPPoolStatus status = count(pool, held);
            if (!sameCounts(status, written.get(pool.name()))) {
                patch(pool.name(), status);
                written.put(pool.name(), status);
            }
        }
    }

    /** Every held address, parsed once per pass (not once per pool). */
    static List<IPAddress> parse(Collection<String> addresses) {
        return addresses.stream().map(Addresses::parse).flatMap(Optional::stream).toList();
    }

    /** Pure: the status of a pool given every held address. */
    static IPPoolStatus count(CompiledPool pool, List<IPAddress> held) {
        long reserved = held.stream().filter(pool.space()::contains).count();
        IPPoolStatus s = new IPPoolStatus();
        s.setTotal(pool.space().size());
        s.setReserved(reserved);
        s.setFree(pool.space().size() - reserved);
        return s;
    }

    private void patch(String name, IPPoolStatus status) {
        ObjectNode body = Serialization.jsonMapper().createObjectNode();
        ObjectNode s = body.putObject("status");
        s.put("total", status.getTotal());
        s.put("reserved", status.getReserved());
        s.put("free", status.getFree());
        client.resources(IPPool.class).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
        LOG.info("pool status pool={} total={} reserved={} free={}", name, status.getTotal(), status.getReserved(), status.getFree());
    }

    private static boolean sameCounts(IPPoolStatus a, IPPoolStatus b) {
        return b != null && Objects.equals(a.getTotal(), b.getTotal()) && Objects.equals(a.getReserved(), b.getReserved())
                && Objects.equals(a.getFree(), b.getFree());
    }
}
