package io.stickyip.webhook.allocation;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.pool.Allocation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.workload.WorkloadRef;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The webhook's picture of which pool addresses are taken: a hint for choosing, never the
 * authority (the store's transaction is). Built from the store's holders, refreshed periodically,
 * and corrected on every claim and conflict.
 */
public final class AllocationCache {
    private final Map<String, Allocation> byPool = new HashMap<>();
    private final Map<String, CompiledPool> compiled = new HashMap<>();
    private Map<String, WorkloadRef> holders = Map.of();
    private List<IPAddress> heldAddresses = List.of();

    /** Replaces the holder snapshot (parsed once); allocations are rebuilt from it lazily. */
    public synchronized void resync(Map<String, WorkloadRef> snapshot) {
        holders = Map.copyOf(snapshot);
        heldAddresses = holders.keySet().stream().map(Addresses::parse).flatMap(Optional::stream).toList();
        byPool.clear();
    }

    /** Up to {@code count} addresses of the pool believed free. */
    public synchronized List<IPAddress> pick(CompiledPool pool, int count) {
        return allocation(pool).pick(count, ThreadLocalRandom.current());
    }

    public synchronized void markTaken(String address) {
        Optional<IPAddress> a = Addresses.parse(address);
        a.ifPresent(ip -> byPool.values().forEach(al -> al.markTaken(ip)));
    }

    public synchronized void markFree(String address) {
        Optional<IPAddress> a = Addresses.parse(address);
        a.ifPresent(ip -> byPool.values().forEach(al -> al.markFree(ip)));
    }

    /** The holder of an address as last seen (for dry runs, which may not touch the store's write path). */
    public synchronized Optional<WorkloadRef> lastKnownHolder(String address) {
        return Optional.ofNullable(holders.get(address));
    }

    public synchronized long freeCount(CompiledPool pool) {
        return allocation(pool).freeCount();
    }

    private Allocation allocation(CompiledPool pool) {
        CompiledPool known = compiled.get(pool.name());
        if (known == null || !known.equals(pool)) {
            compiled.put(pool.name(), pool);
            byPool.remove(pool.name());
        }
        return byPool.computeIfAbsent(pool.name(), n -> build(pool));
    }

    private Allocation build(CompiledPool pool) {
        Allocation allocation = new Allocation(pool.space());
        heldAddresses.forEach(allocation::markTaken);
        return allocation;
    }
}
