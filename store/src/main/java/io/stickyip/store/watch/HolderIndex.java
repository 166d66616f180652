package io.stickyip.store.watch;

import io.stickyip.core.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's view of who holds which address ({@code ips/}), as of one etcd revision: one
 * listing, then only the changes the watch brings ({@link #apply}). Pure state, no I/O; safe to
 * share between threads.
 *
 * <p>A <em>hint</em>, never the authority: an address the view calls free may have been taken a
 * moment ago by another replica. The claim's guarded transaction decides (docs/reservations.md);
 * the view only chooses which address to try and whether a claim may skip its read.
 */
public final class HolderIndex {
    private final Map<String, WorkloadRef> holders = new HashMap<>();
    private final Map<WorkloadRef, Integer> heldBy = new HashMap<>();
    private long revision;
    private long listedAt;

    /** Replaces everything with a listing made at {@code atRevision}. */
    public synchronized void reset(Map<String, WorkloadRef> listing, long atRevision) {
        holders.clear();
        heldBy.clear();
        listing.forEach(this::hold);
        revision = atRevision;
        listedAt = atRevision;
    }

    /**
     * Applies the watch's events in order. Events at or below the listing's revision are in it
     * already, and events older than the last applied one come from a watch that was replaced: both
     * are skipped. One transaction's events share a revision. Returns the events that changed the view.
     */
    public synchronized List<HolderEvent> apply(List<HolderEvent> events) {
        List<HolderEvent> applied = new ArrayList<>();
        for (HolderEvent event : events) {
            if (event.revision() <= listedAt || event.revision() < revision) {
                continue;
            }
            revision = event.revision();
            boolean changed = switch (event) {
                case HolderEvent.Held held -> !held.holder().equals(hold(held.address(), held.holder()));
                case HolderEvent.Freed freed -> free(freed.address()) != null;
            };
            if (changed) {
                applied.add(event);
            }
        }
        return applied;
    }

    /** The revision the view is current at (the listing's, or the last event's). */
    public synchronized long revision() {
        return revision;
    }

    public synchronized Optional<WorkloadRef> holder(String address) {
        return Optional.ofNullable(holders.get(address));
    }

    /** Whether the workload holds any address, as far as the view knows. */
    public synchronized boolean holdsAny(WorkloadRef workload) {
        return heldBy.containsKey(workload);
    }

    /** True if the view knows none of the addresses as held and the workload as holding nothing. */
    public synchronized boolean allFreeFor(WorkloadRef workload, List<String> addresses) {
        return !heldBy.containsKey(workload) && addresses.stream().noneMatch(holders::containsKey);
    }

    /** A copy of every held address and its holder. */
    public synchronized Map<String, WorkloadRef> holders() {
        return Map.copyOf(holders);
    }

    public synchronized int size() {
        return holders.size();
    }

    private WorkloadRef hold(String address, WorkloadRef holder) {
        WorkloadRef before = holders.put(address, holder);
        if (!holder.equals(before)) {
            heldBy.merge(holder, 1, Integer::sum);
            if (before != null) {
                release(before);
            }
        }
        return before;
    }

    private WorkloadRef free(String address) {
        WorkloadRef before = holders.remove(address);
        if (before != null) {
            release(before);
        }
        return before;
    }

    private void release(WorkloadRef holder) {
        heldBy.computeIfPresent(holder, (w, n) -> n == 1 ? null : n - 1);
    }
}
