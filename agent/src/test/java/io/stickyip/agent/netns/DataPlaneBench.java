package io.stickyip.agent.netns;

import static io.stickyip.agent.netns.LabRequests.plan;
import static io.stickyip.agent.netns.LabRequests.request;

import io.stickyip.agent.netns.lab.Lab;
import io.stickyip.bench.Latencies;
import io.stickyip.bench.Rounds;
import io.stickyip.core.plumbing.Plan;
import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long ADD and DEL take in the namespace lab (root). Not a test: prints its figures (BENCHMARKS.md).
 * Usage: DataPlaneBench [ROUNDS]   (default 50 per case, after 5 warm-up rounds)
 */
public final class DataPlaneBench {

    public static void main(String[] args) {
        Rounds.main("DataPlaneBench", 50, DataPlaneBench::run, args); // [ROUNDS], default 50
    }

    static void run(int rounds) throws Exception {
        AtomicInteger processes = new AtomicInteger();
        ProcessRunner real = new ProcessRunner();
        CommandRunner counting = (argv, stdin, timeout) -> {
            processes.incrementAndGet();
            return real.run(argv, stdin, timeout);
        };
        DataPlaneExecutor executor = new DataPlaneExecutor(new Namespaces(counting, Namespaces.DEFAULT_TIMEOUT));
        System.out.printf(
                "%-28s %6s %9s %9s %9s %9s %6s%n",
                "case", "steps", "ADD p50", "ADD p99", "DEL p50", "DEL p99", "procs");
        try (Lab lab = new Lab()) {
            bench("macvlan IPv4", lab, Mode.MACVLAN, rounds, executor, processes, "192.0.2.50");
            bench("routed IPv4", lab, Mode.ROUTED, rounds, executor, processes, "192.0.2.50");
            bench("routed dual-stack", lab, Mode.ROUTED, rounds, executor, processes, "192.0.2.50", "2001:db8:1::50");
            bench(
                    "macvlan dual-stack, 2+1",
                    lab,
                    Mode.MACVLAN,
                    rounds,
                    executor,
                    processes,
                    "192.0.2.50",
                    "192.0.2.51",
                    "2001:db8:1::50");
        }
    }

    private static void bench(
            String name,
            Lab lab,
            Mode mode,
            int rounds,
            DataPlaneExecutor executor,
            AtomicInteger processes,
            String... addresses) {
        Lab.Pod pod = lab.pod(lab.nodeA);
        Plan plan = plan(request(pod, lab.nodeA, mode, addresses));
        List<Duration> adds = new ArrayList<>();
        List<Duration> dels = new ArrayList<>();
        int procs = 0;
        for (int i = -5; i < rounds; i++) {
            processes.set(0);
            long t0 = System.nanoTime();
            AddOutcome a = executor.add(plan);
            long t1 = System.nanoTime();
            int addProcs = processes.get();
            DelOutcome d = executor.del(plan);
            long t2 = System.nanoTime();
            if (!(a instanceof AddOutcome.Live) || !(d instanceof DelOutcome.Removed)) {
                throw new IllegalStateException(name + ": " + a + " / " + d);
            }
            if (i >= 0) {
                adds.add(Duration.ofNanos(t1 - t0));
                dels.add(Duration.ofNanos(t2 - t1));
                procs = addProcs;
            }
        }
        System.out.printf(
                "%-28s %6d %7.1fms %7.1fms %7.1fms %7.1fms %6d%n",
                name, plan.steps().size(), pct(adds, 50), pct(adds, 99), pct(dels, 50), pct(dels, 99), procs);
    }

    private static double pct(List<Duration> d, int p) {
        Latencies latencies = new Latencies();
        d.forEach(x -> latencies.record(x.toNanos()));
        return latencies.percentileMillis(p);
    }
}
