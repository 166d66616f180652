package io.stickyip.controller.gc;

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
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.kube.LoopTask;
import io.stickyip.store.watch.EtcdHolderWatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes each IPPool's status (total, reserved, free) from the watched holder view (no etcd read
 * of its own), as a merge patch of the status subresource, only when the counts changed, and only
 * while the view is current. A pool with {@code spec.limits} also shows how many of its addresses
 * each namespace holds: a count per namespace, never which workloads. Live addresses are counted by
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
        List<Held> held = parse(holders.index().holders());
        for (CompiledPool pool : pools.get().all()) {
            if (!pool.isPodScoped()) {
                continue; // a node pool's status is the node-address controller's (controller.nodes.CloudPoolStatus)
            }
            IPPoolStatus status = count(pool, held);
            if (!sameCounts(status, written.get(pool.name()))) {
                patch(pool.name(), status);
                written.put(pool.name(), status);
            }
        }
    }

    /** A held address and the namespace of its holder (the holder itself is never shown). */
    record Held(IPAddress address, String namespace) {}

    /** Every held address, parsed once per pass (not once per pool). */
    static List<Held> parse(Map<String, WorkloadRef> holders) {
        return holders.entrySet().stream()
                .flatMap(e -> Addresses.parse(e.getKey()).stream()
                        .map(a -> new Held(a, e.getValue().namespace())))
                .toList();
    }

    /** Pure: the status of a pool given every held address. */
    static IPPoolStatus count(CompiledPool pool, List<Held> held) {
        List<Held> inPool =
                held.stream().filter(h -> pool.space().contains(h.address())).toList();
        long reserved = inPool.size();
        IPPoolStatus s = new IPPoolStatus();
        s.setTotal(pool.space().size());
        s.setReserved(reserved);
        s.setFree(pool.space().size() - reserved);
        if (pool.spec().getLimits() != null) {
            s.setNamespaces(inPool.stream()
                    .collect(Collectors.groupingBy(Held::namespace, TreeMap::new, Collectors.counting())));
        }
        return s;
    }

    private void patch(String name, IPPoolStatus status) {
        ObjectNode body = Serialization.jsonMapper().createObjectNode();
        ObjectNode s = body.putObject("status");
        s.put("total", status.getTotal());
        s.put("reserved", status.getReserved());
        s.put("free", status.getFree());
        if (status.getNamespaces() == null) {
            s.putNull("namespaces"); // a merge patch's null removes what an earlier limit showed
        } else {
            ObjectNode namespaces = s.putObject("namespaces");
            status.getNamespaces().forEach(namespaces::put);
        }
        client.resources(IPPool.class)
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
        LOG.info(
                "pool status pool={} total={} reserved={} free={}",
                name,
                status.getTotal(),
                status.getReserved(),
                status.getFree());
    }

    private static boolean sameCounts(IPPoolStatus a, IPPoolStatus b) {
        return b != null
                && Objects.equals(a.getTotal(), b.getTotal())
                && Objects.equals(a.getReserved(), b.getReserved())
                && Objects.equals(a.getFree(), b.getFree())
                && Objects.equals(a.getNamespaces(), b.getNamespaces());
    }
}
