package io.stickyip.controller.gc;

import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.kube.LoopTask;
import io.stickyip.store.watch.EtcdHolderWatch;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * each namespace holds: a count per namespace, never which workloads. {@code live} (the READY column of
 * {@code kubectl get ippools}) counts the reserved addresses of the pool that a managed pod of the holder's
 * namespace carries with its {@code stickyip.io/ip-ready} condition True (set by the node agent once the
 * address is live).
 */
public final class PoolStatusWriter implements LoopTask {
    private static final Logger LOG = LoggerFactory.getLogger(PoolStatusWriter.class);

    private final EtcdHolderWatch holders;
    private final Supplier<PoolCatalog> pools;
    private final Supplier<? extends Collection<Pod>> managedPods;
    private final KubernetesClient client;
    private final Map<String, IPPoolStatus> written = new HashMap<>();

    /** @param managedPods the pods labelled {@code stickyip.io/managed} (an informer cache) */
    public PoolStatusWriter(
            EtcdHolderWatch holders,
            Supplier<PoolCatalog> pools,
            Supplier<? extends Collection<Pod>> managedPods,
            KubernetesClient client) {
        this.holders = holders;
        this.pools = pools;
        this.managedPods = managedPods;
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
        Set<Held> ready = ready(managedPods.get());
        for (CompiledPool pool : pools.get().all()) {
            if (!pool.isPodScoped()) {
                continue; // a node pool's status is the node-address controller's (controller.nodes.CloudPoolStatus)
            }
            IPPoolStatus status = count(pool, held, ready);
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

    /**
     * The addresses live in their pods: those a pod shows as reserved for it ({@code stickyip.io/reserved-ip},
     * written by the webhook alone) while its {@code stickyip.io/ip-ready} condition is True, with the pod's
     * namespace (an address counts only where the holder's namespace is the pod's).
     */
    static Set<Held> ready(Collection<Pod> pods) {
        Set<Held> ready = new HashSet<>();
        for (Pod pod : pods) {
            ManagedPod.read(pod)
                    .filter(m -> m.ipReady() == ManagedPod.Condition.TRUE
                            && m.problems().isEmpty())
                    .ifPresent(m -> m.addresses().stream()
                            .flatMap(a -> Addresses.parse(a).stream())
                            .forEach(
                                    a -> ready.add(new Held(a, pod.getMetadata().getNamespace()))));
        }
        return ready;
    }

    /** Pure: the status of a pool given every held address and the addresses live in their pods. */
    static IPPoolStatus count(CompiledPool pool, List<Held> held, Set<Held> ready) {
        List<Held> inPool =
                held.stream().filter(h -> pool.space().contains(h.address())).toList();
        long reserved = inPool.size();
        IPPoolStatus s = new IPPoolStatus();
        s.setTotal(pool.space().size());
        s.setReserved(reserved);
        s.setFree(pool.space().size() - reserved);
        s.setLive(inPool.stream().filter(ready::contains).count());
        if (pool.spec().getLimits() != null) {
            s.setNamespaces(inPool.stream()
                    .collect(Collectors.groupingBy(Held::namespace, TreeMap::new, Collectors.counting())));
        }
        return s;
    }

    private void patch(String name, IPPoolStatus status) {
        ObjectNode body = body(status);
        client.resources(IPPool.class)
                .withName(name)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
        LOG.info(
                "pool status pool={} total={} reserved={} free={} live={}",
                name,
                status.getTotal(),
                status.getReserved(),
                status.getFree(),
                status.getLive());
    }

    /** The merge patch of the status subresource: every count, and the per-namespace usage or its removal. */
    static ObjectNode body(IPPoolStatus status) {
        ObjectNode body = Serialization.jsonMapper().createObjectNode();
        ObjectNode s = body.putObject("status");
        s.put("total", status.getTotal());
        s.put("reserved", status.getReserved());
        s.put("free", status.getFree());
        s.put("live", status.getLive());
        if (status.getNamespaces() == null) {
            s.putNull("namespaces"); // a merge patch's null removes what an earlier limit showed
        } else {
            ObjectNode namespaces = s.putObject("namespaces");
            status.getNamespaces().forEach(namespaces::put);
        }
        return body;
    }

    private static boolean sameCounts(IPPoolStatus a, IPPoolStatus b) {
        return b != null
                && Objects.equals(a.getTotal(), b.getTotal())
                && Objects.equals(a.getReserved(), b.getReserved())
                && Objects.equals(a.getFree(), b.getFree())
                && Objects.equals(a.getLive(), b.getLive())
                && Objects.equals(a.getNamespaces(), b.getNamespaces());
    }
}
