package io.stickyip.controller.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.reservation.OccupancyStore;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.OccupyResult;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.runtime.pods.PodEvents;
import io.stickyip.runtime.pods.PodStates;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's occupants in step with the pods the view sees (every replica does it; each
 * write is guarded, so doing it twice is harmless):
 * <ul>
 *   <li>a live pod whose slot's occupant is pending with the pod's claim token, or names the
 *       pod's own name (one pod of a name exists at a time): bind it to the pod's UID (from
 *       then on only that UID counts);</li>
 *   <li>a live pod whose slot has no occupant (admitted before occupants were kept): adopt it;</li>
 *   <li>a pod that is terminating, finished or deleted: vacate its slot if it still holds it.</li>
 * </ul>
 * Store calls are asynchronous; failures are logged, and the sweep catches what was missed.
 */
public final class OccupantKeeper implements PodEvents {
    private static final Logger LOG = LoggerFactory.getLogger(OccupantKeeper.class);

    private final OccupancyStore store;
    private final Clock clock;
    private final Set<String> bound = Collections.synchronizedSet(new HashSet<>());

    public OccupantKeeper(OccupancyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void live(Pod pod) {
        Optional<Mark> mark = Mark.of(pod);
        if (mark.isEmpty() || bound.contains(mark.get().uid())) {
            return;
        }
        Mark m = mark.get();
        store.occupants(m.workload())
                .thenCompose(read -> {
                    StoredOccupant current = slotOf(read, m.slot());
                    if (current == null) {
                        Occupant adopted = new Occupant(
                                m.claim().isEmpty() ? "adopted-" + m.uid() : m.claim(),
                                m.name(),
                                m.uid(),
                                clock.instant().truncatedTo(ChronoUnit.MILLIS));
                        return store.occupy(m.workload(), m.slot(), adopted, 0)
                                .thenApply(r -> r instanceof OccupyResult.Taken);
                    }
                    if (current.occupant().podUid().equals(m.uid())) {
                        return CompletableFuture.completedFuture(true);
                    }
                    if (current.occupant().pending()
                            && current.occupant().token().equals(m.claim())) {
                        return store.bind(current, m.name(), m.uid());
                    }
                    if (current.occupant().podName().equals(m.name())) {
                        // one pod of a name at a time: the occupant of this name is this live pod
                        return store.bind(current, m.name(), m.uid());
                    }
                    LOG.error(
                            "live pod {}/{} (uid {}) shows slot {} of {}, but the slot is held by {}: two live pods claim one slot",
                            LogValue.of(m.workload().namespace()),
                            LogValue.of(m.name()),
                            LogValue.of(m.uid()),
                            m.slot(),
                            LogValue.of(m.workload()),
                            LogValue.of(current.occupant().describe()));
                    return CompletableFuture.completedFuture(false);
                })
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn(
                                "could not bind slot {} of {} to pod {} error=\"{}\"",
                                m.slot(),
                                LogValue.of(m.workload()),
                                LogValue.of(m.name()),
                                LogValue.of(error.getMessage()));
                    } else if (ok) {
                        bound.add(m.uid());
                    }
                });
    }

    @Override
    public void gone(Pod pod) {
        Optional<Mark> mark = Mark.of(pod);
        if (mark.isEmpty()) {
            return;
        }
        Mark m = mark.get();
        bound.remove(m.uid());
        store.occupants(m.workload())
                .thenCompose(read -> {
                    StoredOccupant current = slotOf(read, m.slot());
                    boolean ours = current != null
                            && (current.occupant().podUid().equals(m.uid())
                                    || current.occupant().pending()
                                            && !m.claim().isEmpty()
                                            && current.occupant().token().equals(m.claim()));
                    return ours ? store.vacate(current) : CompletableFuture.completedFuture(false);
                })
                .whenComplete((vacated, error) -> {
                    if (error != null) {
                        LOG.warn(
                                "could not vacate slot {} of {} after pod {} went error=\"{}\"",
                                m.slot(),
                                LogValue.of(m.workload()),
                                LogValue.of(m.name()),
                                LogValue.of(error.getMessage()));
                    } else if (vacated) {
                        LOG.debug(
                                "slot {} of {} vacated: pod {} is gone",
                                m.slot(),
                                LogValue.of(m.workload()),
                                LogValue.of(m.name()));
                    }
                });
    }

    private static StoredOccupant slotOf(List<StoredOccupant> occupants, int slot) {
        return occupants.stream().filter(o -> o.slot() == slot).findFirst().orElse(null);
    }

    /** stickyip's marks on a pod: workload, slot, claim token; its name and UID. */
    private record Mark(WorkloadRef workload, int slot, String claim, String name, String uid) {
        static Optional<Mark> of(Pod pod) {
            String key = PodStates.workloadKey(pod);
            Optional<Integer> slot = PodStates.slot(pod);
            if (key.isEmpty() || slot.isEmpty() || PodStates.uid(pod).isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Mark(
                        WorkloadRef.parse(key),
                        slot.get(),
                        PodStates.claim(pod),
                        pod.getMetadata().getName(),
                        PodStates.uid(pod)));
            } catch (IllegalArgumentException notOurs) {
                return Optional.empty();
            }
        }
    }
}
