package io.stickyip.core.reservation;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.pool.AddressSpace;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.Limits;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A pool's {@code spec.limits} as a claim carries them to the store, which counts what the
 * namespace and the workload hold of the pool in the same transaction as the reservation.
 *
 * @param pool         the pool's name
 * @param space        its addresses (what counts as holding the pool's)
 * @param perNamespace most addresses of the pool one namespace may hold, if limited
 * @param perWorkload  most addresses of the pool one workload may hold, if limited
 */
public record PoolLimit(String pool, AddressSpace space, OptionalInt perNamespace, OptionalInt perWorkload) {
    public PoolLimit {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(space, "space");
    }

    /** The pool's limits; empty when it sets none. */
    public static Optional<PoolLimit> of(CompiledPool pool) {
        Limits limits = pool.spec().getLimits();
        if (limits == null || limits.getPerNamespace() == null && limits.getPerWorkload() == null) {
            return Optional.empty();
        }
        return Optional.of(new PoolLimit(
                pool.name(), pool.space(), optional(limits.getPerNamespace()), optional(limits.getPerWorkload())));
    }

    /** The limits of the pools the addresses lie in, each pool once, in the addresses' order. */
    public static List<PoolLimit> forAddresses(PoolCatalog catalog, Collection<String> addresses) {
        Map<String, PoolLimit> limits = new LinkedHashMap<>();
        for (String address : addresses) {
            for (CompiledPool pool :
                    Addresses.parse(address).map(catalog::containing).orElse(List.of())) {
                of(pool).ifPresent(l -> limits.putIfAbsent(l.pool(), l));
            }
        }
        return List.copyOf(limits.values());
    }

    /** Whether the address (canonical text) is one of the pool's. */
    public boolean contains(String address) {
        Optional<IPAddress> parsed = Addresses.parse(address);
        return parsed.isPresent() && space.contains(parsed.get());
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
