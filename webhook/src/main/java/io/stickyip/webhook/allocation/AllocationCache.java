package io.stickyip.webhook.allocation;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.pool.Allocation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.watch.HolderEvent;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.store.watch.HolderListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The webhook's picture of which pool addresses are taken: a hint for choosing, never the
 * authority (the store's transaction is). A bitmap per pool, built from the watched
 * {@link HolderIndex} when first needed (and again after the view is listed anew), then kept in step
 * with the watch's changes one address at a time, and corrected on every claim and conflict of
 * this replica before the watch brings them. Its cost per admission does not grow with the number
 * of addresses held.
 */
public final class AllocationCache implements HolderListener {
    private final HolderIndex index;
    private final Map<String, Allocation> byPool = new HashMap<>();
    private final Map<String, CompiledPool> compiled = new HashMap<>();

    public AllocationCache(HolderIndex index) {
        this.index = index;
    }

    /** A cache over an empty view (tests, and a store that is not watched). */
    public AllocationCache() {
        this(new HolderIndex());
    }

    /** The view was listed anew: every bitmap is rebuilt from it when next needed. */
    @Override
    public synchronized void reset() {
        byPool.clear();
    }

    @Override
    public synchronized void changed(List<HolderEvent> applied) {
        for (HolderEvent event : applied) {
            switch (event) {
                case HolderEvent.Held held -> mark(held.address(), true);
                case HolderEvent.Freed freed -> mark(freed.address(), false);
            }
        }
    }

    /** Up to {@code count} addresses of the pool believed free. */
    public synchronized List<IPAddress> pick(CompiledPool pool, int count) {
        return allocation(pool).pick(count, ThreadLocalRandom.current());
    }

    public synchronized void markTaken(String address) {
        mark(address, true);
    }

    public synchronized void markFree(String address) {
        mark(address, false);
    }

    /** The holder of an address as last seen (for dry runs, which may not touch the store's write path). */
    public Optional<WorkloadRef> lastKnownHolder(String address) {
        return index.holder(address);
    }

    public synchronized long freeCount(CompiledPool pool) {
        return allocation(pool).freeCount();
    }

    private void mark(String address, boolean taken) {
        Optional<IPAddress> a = Addresses.parse(address);
        a.ifPresent(ip -> byPool.values().forEach(al -> {
            if (taken) {
                al.markTaken(ip);
            } else {
                al.markFree(ip);
            }
        }));
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
        index.holders().keySet().stream()
                .map(Addresses::parse)
                .flatMap(Optional::stream)
                .forEach(allocation::markTaken);
        return allocation;
    }
}
