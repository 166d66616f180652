package io.stickyip.controller.gc;

import io.stickyip.core.reservation.OccupancyStore;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.pods.PodView;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back, within seconds, slots (and bare pods' reservations) of pods that never came to exist
 * ({@link UnbornPolicy}), so creates that a later admission step refuses do not drain a pool. Run by
 * the leader, apart from the workload collector and its longer grace. Order matters (the known
 * races): the store is read FIRST (every occupant, then the reservations of each due bare pod),
 * then the pods, from a fresh API read; every write is guarded on the revisions read, so a pod
 * bound to its slot or an admission of the same slot in between aborts it.
 */
public final class UnbornCollector {
    private static final Logger LOG = LoggerFactory.getLogger(UnbornCollector.class);

    private final OccupancyStore occupancy;
    private final ReservationStore reservations;
    private final PodView view;
    private final PodLookup pods;
    private final UnbornPolicy policy;
    private final Clock clock;

    public UnbornCollector(
            OccupancyStore occupancy,
            ReservationStore reservations,
            PodView view,
            PodLookup pods,
            UnbornPolicy policy,
            Clock clock) {
        this.occupancy = occupancy;
        this.reservations = reservations;
        this.view = view;
        this.pods = pods;
        this.policy = policy;
        this.clock = clock;
    }

    /** One pass; returns how many slots were given back. Blocking: run it on a worker thread. */
    public int collectOnce(long timeoutMillis) throws Exception {
        Instant now = clock.instant();
        List<StoredOccupant> due = get(occupancy.allOccupants(), timeoutMillis).stream()
                .filter(o -> policy.due(o.occupant(), now))
                .toList();
        if (due.isEmpty()) {
            return 0;
        }
        Map<WorkloadRef, List<StoredReservation>> reserved = new HashMap<>();
        for (StoredOccupant o : due) {
            if (o.workload().kind().equals(WorkloadRef.POD) && !reserved.containsKey(o.workload())) {
                reserved.put(o.workload(), get(reservations.reservations(o.workload()), timeoutMillis));
            }
        }
        PodLookup.Pass lookup = pods.pass(); // only now, after the store: a pod created before this read is seen
        int returned = 0;
        for (StoredOccupant o : due) {
            boolean exists = lookup.exists(
                    o.workload().namespace(),
                    o.occupant().podName(),
                    o.occupant().token());
            UnbornPolicy.Unborn decision = policy.decide(
                    o,
                    view.liveness(o.workload(), o.occupant()),
                    reserved.getOrDefault(o.workload(), List.of()),
                    exists);
            boolean done = switch (decision) {
                case UnbornPolicy.Unborn.Keep keep -> false;
                case UnbornPolicy.Unborn.Vacate vacate -> get(occupancy.vacate(o), timeoutMillis);
                case UnbornPolicy.Unborn.Release release ->
                    get(occupancy.releaseUnborn(o, release.workloadRevision()), timeoutMillis);
            };
            if (done) {
                returned++;
                LOG.info(
                        "unborn slot {} of {} given back{}: {} never came to exist within {}",
                        o.slot(),
                        o.workload(),
                        decision instanceof UnbornPolicy.Unborn.Release
                                ? " with its reservation " + addresses(reserved.get(o.workload()))
                                : "",
                        o.occupant().describe(),
                        policy.grace());
            } else if (!(decision instanceof UnbornPolicy.Unborn.Keep)) {
                LOG.info("unborn slot {} of {} left alone: it changed since read", o.slot(), o.workload());
            }
        }
        return returned;
    }

    private static List<String> addresses(List<StoredReservation> reservations) {
        return reservations.stream()
                .flatMap(r -> r.reservation().addresses().stream())
                .toList();
    }

    private static <T> T get(CompletionStage<T> stage, long timeoutMillis) throws Exception {
        return stage.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
