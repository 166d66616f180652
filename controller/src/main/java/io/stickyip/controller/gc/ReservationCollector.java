package io.stickyip.controller.gc;

import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection of reservations whose workload is gone, run by the leader only. Order
 * matters (the known races): reservations are read FIRST, then each workload's existence is
 * checked live, and the release is fenced on the revision read, so a claim that lands in between
 * (a pod being recreated) aborts the release instead of losing its address.
 */
public final class ReservationCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationCollector.class);

    private final ReservationStore store;
    private final Predicate<WorkloadRef> exists;
    private final ReleasePolicy policy;
    private final Clock clock;

    public ReservationCollector(
            ReservationStore store, Predicate<WorkloadRef> exists, ReleasePolicy policy, Clock clock) {
        this.store = store;
        this.exists = exists;
        this.policy = policy;
        this.clock = clock;
    }

    /** One pass; returns how many workloads were released. Blocking: run it on a worker thread. */
    public int collectOnce(long timeoutMillis) throws Exception {
        List<StoredReservation> all = store.list().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        Map<WorkloadRef, List<StoredReservation>> byWorkload =
                all.stream().collect(Collectors.groupingBy(r -> r.reservation().workload()));
        policy.retainOnly(byWorkload.keySet());
        int released = 0;
        for (Map.Entry<WorkloadRef, List<StoredReservation>> e : byWorkload.entrySet()) {
            WorkloadRef workload = e.getKey();
            if (exists.test(workload)) {
                policy.seen(workload);
                continue;
            }
            Instant newest = e.getValue().stream()
                    .map(r -> r.reservation().createdAt())
                    .max(Instant::compareTo)
                    .orElseThrow();
            if (!policy.missing(workload, newest, clock.instant())) {
                continue;
            }
            long revision = e.getValue().getFirst().workloadRevision();
            boolean done = store.releaseWorkload(workload, revision)
                    .toCompletableFuture()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (done) {
                policy.released(workload);
                released++;
                LOG.info(
                        "released workload=\"{}\" addresses={} reason=\"workload gone for the grace period\"",
                        workload.key(),
                        e.getValue().stream()
                                .flatMap(r -> r.reservation().addresses().stream())
                                .toList());
            } else {
                LOG.info("release skipped workload=\"{}\" reason=\"claimed again since read\"", workload.key());
            }
        }
        return released;
    }
}
