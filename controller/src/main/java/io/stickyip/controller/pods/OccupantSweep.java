package io.stickyip.controller.pods;

import io.stickyip.core.admission.Liveness;
import io.stickyip.core.reservation.OccupancyStore;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacates slots whose pods went while no replica was watching (the pod view missed it, a vacate
 * failed, an admission failed after taking its slot). Occupants are read first, then each one's
 * pod is looked up (view, then a live read), and a vacate is guarded on the revision read, so an
 * occupant that changed in between is left alone. A pending occupant whose pod the view does not
 * know is left to the unborn collector ({@code gc.UnbornCollector}), which gives back a bare pod's
 * reservation together with its slot. Run by the leader.
 */
public final class OccupantSweep {
    private static final Logger LOG = LoggerFactory.getLogger(OccupantSweep.class);

    private final OccupancyStore store;
    private final PodView pods;
    private final LiveCheck live;

    public OccupantSweep(OccupancyStore store, PodView pods, LiveCheck live) {
        this.store = store;
        this.pods = pods;
        this.live = live;
    }

    /** One pass; returns how many slots were vacated. Blocking: run it on a worker thread. */
    public int sweepOnce(long timeoutMillis) throws Exception {
        List<StoredOccupant> all = store.allOccupants().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        int vacated = 0;
        for (StoredOccupant o : all) {
            Liveness known = pods.liveness(o.workload(), o.occupant());
            if (known == Liveness.UNKNOWN && o.occupant().pending()) {
                continue; // maybe never born: the unborn collector's
            }
            if (known == Liveness.LIVE
                    || known == Liveness.UNKNOWN && live.check(o.workload(), o.occupant()) == Liveness.LIVE) {
                continue;
            }
            if (store.vacate(o).toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS)) {
                vacated++;
                LOG.info(
                        "slot {} of {} vacated: {} is gone",
                        o.slot(),
                        LogValue.of(o.workload()),
                        LogValue.of(o.occupant().describe()));
            }
        }
        return vacated;
    }
}
