package io.stickyip.controller.nodes;

import io.stickyip.aws.CloudReconciler;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.Reconciliation;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.nodes.NodeAddressReservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic reconciliation of the cloud with the store (issue 11, "no peer does this"), run by the
 * leader-elected node-address controller at most once per {@code every}: EIPs tagged with this cluster
 * that no reservation holds are released once unheld for the whole {@code grace} (logged, counted);
 * reservations whose EIP vanished or was associated elsewhere by someone else are reported per pool
 * (Warning Event once per finding, the pool's {@code CloudInSync} condition) and left alone.
 *
 * <p>What is held: every node-address reservation, and every address of a pod-level aws pool that the
 * watched holder view says a workload holds. The pass is skipped while that view is not current (a
 * stale view would make held addresses look leaked).
 */
public final class CloudAudit {
    private static final Logger LOG = LoggerFactory.getLogger(CloudAudit.class);

    /** A pod-level aws pool's addresses as the cloud shows them for its filter. */
    public record PodPool(String name, List<ElasticIp> eips) {}

    /**
     * What a pass found, per pool: the problems its CloudInSync condition reports (no entry: in sync), the
     * ones new since the previous pass, how many leaked EIPs were released, how many are unheld.
     */
    public record Report(
            Map<String, List<String>> problems, Map<String, List<String>> fresh, int released, int leaked) {}

    private final String cluster;
    private final CloudReconciler reconciler;
    private final Duration grace;
    private final Duration every;
    private final Clock clock;
    private Map<String, Instant> unheldSince = Map.of();
    private Instant last = Instant.MIN;
    private final Set<String> reported = new HashSet<>();
    private final AtomicLong releasedTotal = new AtomicLong();
    private Optional<Report> latest = Optional.empty();

    public CloudAudit(String cluster, CloudReconciler reconciler, Duration grace, Duration every, Clock clock) {
        this.cluster = cluster;
        this.reconciler = reconciler;
        this.grace = grace;
        this.every = every;
        this.clock = clock;
    }

    public boolean due() {
        return !clock.instant().isBefore(last.plus(every));
    }

    /** The latest report (empty before the first pass). */
    public Optional<Report> latest() {
        return latest;
    }

    public long releasedTotal() {
        return releasedTotal.get();
    }

    /**
     * One pass, or nothing (empty) when skipped. The report's {@code fresh} are the problems not reported by
     * the previous pass: for Warning Events, each once while it lasts.
     *
     * @param holders the watched holder view (address to workload), empty when it is not current
     */
    public Optional<Report> run(
            List<NodeAddressReservation.Stored> stored,
            List<PodPool> podPools,
            Optional<Map<String, WorkloadRef>> holders) {
        if (holders.isEmpty() && !podPools.isEmpty()) {
            LOG.info("cloud reconciliation skipped: the holder view is not current");
            return Optional.empty();
        }
        Instant now = clock.instant();
        last = now;
        Map<String, String> poolOf = new HashMap<>();
        List<Reconciliation.Held> held = held(stored, podPools, holders.orElse(Map.of()), poolOf);
        Reconciliation.Plan plan = reconciler.judge(cluster, held, unheldSince, now, grace);
        unheldSince = plan.unheldSince();
        List<CloudStep> released = reconciler.releaseLeaked(plan);
        releasedTotal.addAndGet(released.size());
        Report report = report(plan, poolOf, released.size(), reported);
        reported.clear();
        report.problems().forEach((pool, list) -> list.forEach(m -> reported.add(pool + "\n" + m)));
        latest = Optional.of(report);
        LOG.info(
                "cloud reconciliation held={} leaked={} released={} problems={}",
                held.size(),
                report.leaked(),
                report.released(),
                report.problems().values().stream().mapToInt(List::size).sum());
        return latest;
    }

    /** Pure: what the store holds, as the reconciliation sees it; {@code poolOf} gets each allocation's pool. */
    static List<Reconciliation.Held> held(
            List<NodeAddressReservation.Stored> stored,
            List<PodPool> podPools,
            Map<String, WorkloadRef> holders,
            Map<String, String> poolOf) {
        List<Reconciliation.Held> held = new ArrayList<>();
        for (NodeAddressReservation.Stored s : stored) {
            held.add(new Reconciliation.Held(
                    s.reservation().allocationId(), s.reservation().node(), null));
            poolOf.put(s.reservation().allocationId(), s.reservation().pool());
        }
        for (PodPool p : podPools) {
            for (ElasticIp eip : p.eips()) {
                WorkloadRef w = holders.get(eip.publicIp());
                if (w != null) {
                    // the agent's owner tag names the workload's slot (namespace/kind/name/slot): one of this
                    // workload's is its holder
                    String holder = eip.tag(Tags.OWNER)
                            .filter(o -> o.startsWith(w.key() + "/"))
                            .orElse(w.key());
                    held.add(new Reconciliation.Held(eip.allocationId(), holder, null));
                    poolOf.put(eip.allocationId(), p.name());
                }
            }
        }
        return held;
    }

    /** Pure: the problems per pool (a pool with none is in sync). */
    static Report report(
            Reconciliation.Plan plan, Map<String, String> poolOf, int released, Set<String> reportedBefore) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Reconciliation.Finding.Vanished v : plan.of(Reconciliation.Finding.Vanished.class)) {
            problems.computeIfAbsent(poolOf.getOrDefault(v.held().allocationId(), ""), k -> new ArrayList<>())
                    .add("Elastic IP " + v.held().allocationId() + " held by "
                            + v.held().holder() + " no longer exists");
        }
        for (Reconciliation.Finding.ReassociatedElsewhere r :
                plan.of(Reconciliation.Finding.ReassociatedElsewhere.class)) {
            problems.computeIfAbsent(poolOf.getOrDefault(r.held().allocationId(), ""), k -> new ArrayList<>())
                    .add("Elastic IP " + r.eip() + " held by " + r.held().holder() + " is associated with "
                            + r.eip().association().networkInterfaceId() + ", which stickyip did not bind: left alone");
        }
        Map<String, List<String>> fresh = new LinkedHashMap<>();
        problems.forEach((pool, list) -> list.stream()
                .filter(m -> !reportedBefore.contains(pool + "\n" + m))
                .forEach(
                        m -> fresh.computeIfAbsent(pool, k -> new ArrayList<>()).add(m)));
        int leaked = plan.of(Reconciliation.Finding.Leaked.class).size()
                + plan.of(Reconciliation.Finding.Release.class).size();
        return new Report(problems, fresh, released, leaked);
    }
}
