package io.stickyip.testing.reservation;

import io.stickyip.core.reservation.OccupancyStore;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.OccupyResult;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slot occupancy in a map, for unit tests of what keeps occupants (the real one, on etcd, is tested
 * against etcd): each write is guarded on the revision read, as the store's transactions are.
 */
public final class MapOccupancy implements OccupancyStore {
    private final Map<String, StoredOccupant> occupants = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();

    /** Puts an occupant as if an admission had taken the slot. */
    public StoredOccupant put(WorkloadRef workload, int slot, Occupant occupant) {
        StoredOccupant stored = new StoredOccupant(workload, slot, occupant, revision.incrementAndGet());
        occupants.put(key(workload, slot), stored);
        return stored;
    }

    /** What the slot holds now, or null. */
    public StoredOccupant get(WorkloadRef workload, int slot) {
        return occupants.get(key(workload, slot));
    }

    @Override
    public synchronized CompletionStage<List<StoredOccupant>> occupants(WorkloadRef workload) {
        return CompletableFuture.completedFuture(occupants.values().stream()
                .filter(o -> o.workload().equals(workload))
                .toList());
    }

    @Override
    public synchronized CompletionStage<OccupyResult> occupy(
            WorkloadRef workload, int slot, Occupant occupant, long expectedRevision) {
        StoredOccupant current = get(workload, slot);
        if (current == null ? expectedRevision != 0 : current.revision() != expectedRevision) {
            return occupants(workload).thenApply(OccupyResult.Lost::new);
        }
        return CompletableFuture.completedFuture(new OccupyResult.Taken(put(workload, slot, occupant)));
    }

    @Override
    public synchronized CompletionStage<Boolean> vacate(StoredOccupant occupant) {
        return CompletableFuture.completedFuture(occupants.remove(key(occupant.workload(), occupant.slot()), occupant));
    }

    /** This store holds occupants only (no reservations): giving the slot back is all there is to do. */
    @Override
    public synchronized CompletionStage<Boolean> releaseUnborn(StoredOccupant pending, long seenRevision) {
        return vacate(pending);
    }

    @Override
    public synchronized CompletionStage<Boolean> bind(StoredOccupant pending, String podName, String podUid) {
        if (!pending.equals(get(pending.workload(), pending.slot()))) {
            return CompletableFuture.completedFuture(false);
        }
        put(pending.workload(), pending.slot(), pending.occupant().boundTo(podName, podUid));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<List<StoredOccupant>> allOccupants() {
        return CompletableFuture.completedFuture(new ArrayList<>(occupants.values()));
    }

    private static String key(WorkloadRef workload, int slot) {
        return workload.key() + "#" + slot;
    }
}
