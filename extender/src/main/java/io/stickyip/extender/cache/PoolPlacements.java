package io.stickyip.extender.cache;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.placement.NodeFit;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.extender.scheduling.PoolPlacement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Each pool's {@link NodeFit}, compiled once per pool catalog: the catalog comes from the pool
 * source (recompiled there on every IPPool change), the fits are rebuilt here when it is a new one.
 */
public final class PoolPlacements {
    private final Supplier<PoolCatalog> catalogs;
    private volatile Snapshot snapshot;

    private record Snapshot(PoolCatalog catalog, Map<String, PoolPlacement> placements) {}

    public PoolPlacements(Supplier<PoolCatalog> catalogs) {
        this.catalogs = catalogs;
    }

    public PoolCatalog catalog() {
        return current().catalog();
    }

    public PoolPlacement placement(String pool) {
        Snapshot s = current();
        PoolPlacement p = s.placements().get(pool);
        if (p != null) {
            return p;
        }
        return s.catalog()
                .brokenReason(pool)
                .<PoolPlacement>map(PoolPlacement.Invalid::new)
                .orElse(new PoolPlacement.Unknown());
    }

    private Snapshot current() {
        PoolCatalog catalog = catalogs.get();
        Snapshot s = snapshot;
        if (s != null && s.catalog() == catalog) {
            return s;
        }
        Map<String, PoolPlacement> placements = new HashMap<>();
        for (CompiledPool pool : catalog.all()) {
            try {
                placements.put(pool.name(), new PoolPlacement.Known(NodeFit.of(pool)));
            } catch (ContractViolation e) {
                placements.put(pool.name(), new PoolPlacement.Invalid(e.getMessage()));
            }
        }
        s = new Snapshot(catalog, Map.copyOf(placements));
        snapshot = s;
        return s;
    }
}
