package io.stickyip.webhook.pods;

import io.stickyip.core.workload.WorkloadRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Chooses the slot of a pod whose workload does not fix it (a Deployment's pods): the lowest slot
 * below the workload's replicas that no live pod uses. Admissions whose pods the informer has not
 * shown yet are remembered for a short while, so a ReplicaSet creating pods in a burst does not
 * hand one slot out twice; but live pods have the last word: when only pending entries block
 * every slot (a pod deleted right after creation, before the informer saw it), the lowest slot no
 * live pod holds is reused, so a recreated pod keeps its address. Reinvocation of the same
 * admission (same uid) gets the same slot.
 */
public final class SlotTracker {
    static final Duration PENDING_TTL = Duration.ofSeconds(20);

    private record Pending(WorkloadRef workload, int slot, Instant at) { }

    private final PodView pods;
    private final Clock clock;
    private final Map<String, Pending> pendingByUid = new LinkedHashMap<>();

    public SlotTracker(PodView pods, Clock clock) {
        this.pods = pods;
        this.clock = clock;
    }

    /** The slot for this admission, or empty if all {@code limit} slots are in use. */
    public synchronized OptionalInt acquire(WorkloadRef workload, int limit, String admissionUid) {
        if (!pods.available()) {
            return OptionalInt.of(0);
        }
        expire();
        Pending mine = pendingByUid.get(admissionUid);
        if (mine != null) {
            return OptionalInt.of(mine.slot());
        }
        int bound = Math.min(limit, pods.replicas(workload).orElse(limit));
        Set<Integer> live = pods.slotsInUse(workload);
        Set<Integer> used = new HashSet<>(live);
        for (Pending p : pendingByUid.values()) {
            if (p.workload().equals(workload)) {
                used.add(p.slot());
            }
        }
        OptionalInt slot = lowestFree(used, bound);
        if (slot.isEmpty()) {
            slot = lowestFree(live, bound);
        }
        slot.ifPresent(s -> {
            pendingByUid.values().removeIf(p -> p.workload().equals(workload) && p.slot() == s);
            pendingByUid.put(admissionUid, new Pending(workload, s, clock.instant()));
        });
        return slot;
    }

    private static OptionalInt lowestFree(Set<Integer> used, int bound) {
        for (int slot = 0; slot < bound; slot++) {
            if (!used.contains(slot)) {
                return OptionalInt.of(slot);
            }
        }
        return OptionalInt.empty();
    }

    /** Forgets a pending slot once its pod is visible (or the admission failed). */
    public synchronized void release(String admissionUid) {
        pendingByUid.remove(admissionUid);
    }

    /** Called when the pod view shows a pod holding this slot: the pending entry has done its job. */
    public synchronized void observed(WorkloadRef workload, int slot) {
        pendingByUid.values().removeIf(p -> p.workload().equals(workload) && p.slot() == slot);
    }

    private void expire() {
        Instant limit = clock.instant().minus(PENDING_TTL);
        for (Iterator<Pending> it = pendingByUid.values().iterator(); it.hasNext(); ) {
            if (it.next().at().isBefore(limit)) {
                it.remove();
            }
        }
    }
}
