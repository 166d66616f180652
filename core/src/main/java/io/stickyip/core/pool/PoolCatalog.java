package io.stickyip.core.pool;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPool;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of the known pools, by name. */
public final class PoolCatalog {
    private final Map<String, CompiledPool> pools;
    private final Map<String, String> broken;

    private PoolCatalog(Map<String, CompiledPool> pools, Map<String, String> broken) {
        this.pools = Map.copyOf(pools);
        this.broken = Map.copyOf(broken);
    }

    public static PoolCatalog empty() {
        return new PoolCatalog(Map.of(), Map.of());
    }

    /** Compiles every pool; a pool whose spec is invalid is remembered with its error, not used. */
    public static PoolCatalog of(Collection<IPPool> pools) {
        Map<String, CompiledPool> ok = new LinkedHashMap<>();
        Map<String, String> bad = new LinkedHashMap<>();
        for (IPPool p : pools) {
            try {
                ok.put(p.getMetadata().getName(), CompiledPool.of(p));
            } catch (ContractViolation | RuntimeException e) {
                bad.put(p.getMetadata().getName(), e.getMessage());
            }
        }
        return new PoolCatalog(ok, bad);
    }

    public Optional<CompiledPool> get(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /** Why a named pool exists but cannot be used, if so. */
    public Optional<String> brokenReason(String name) {
        return Optional.ofNullable(broken.get(name));
    }

    public List<CompiledPool> all() {
        return List.copyOf(pools.values());
    }

    /**
     * The pools holding an address, in name order (overlaps are refused, but two pools created at
     * once can both pass; every webhook replica must then pick the same one, whatever the order
     * its informer listed them in).
     */
    public List<CompiledPool> containing(IPAddress address) {
        return pools.values().stream()
                .filter(p -> p.space().contains(address))
                .sorted(Comparator.comparing(CompiledPool::name))
                .toList();
    }
}
