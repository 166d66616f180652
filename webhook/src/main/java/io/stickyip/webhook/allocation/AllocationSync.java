package io.stickyip.webhook.allocation;

import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.workload.WorkloadRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Keeps the allocation cache in step with the addresses etcd holds, and tells readiness whether
 * etcd answers. One slow listing under load is not an outage: readiness drops only after
 * {@link #FAILURES_BEFORE_UNREADY} failed syncs in a row (admissions fail closed on their own).
 * Blocking: run {@link #refresh()} on a worker thread.
 */
public final class AllocationSync {
    private static final Logger LOG = LoggerFactory.getLogger(AllocationSync.class);
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final int FAILURES_BEFORE_UNREADY = 3;

    private final ReservationStore store;
    private final AllocationCache allocations;
    private volatile boolean synced;
    private volatile int failuresInARow;

    public AllocationSync(ReservationStore store, AllocationCache allocations) {
        this.store = store;
        this.allocations = allocations;
    }

    /** One sync: every held address into the cache. */
    public void refresh() {
        try {
            Map<String, WorkloadRef> holders = store.holders().toCompletableFuture().join();
            allocations.resync(holders);
            synced = true;
            failuresInARow = 0;
        } catch (RuntimeException e) {
            failuresInARow++;
            LOG.warn("reservation store sync failed failuresInARow={} error=\"{}\"", failuresInARow, e.getMessage());
        }
    }

    /** Synced once, and not failed {@link #FAILURES_BEFORE_UNREADY} times in a row since. */
    public boolean healthy() {
        return synced && failuresInARow < FAILURES_BEFORE_UNREADY;
    }
}
