package io.stickyip.extender.bench;

import io.stickyip.bench.Bench;
import io.stickyip.extender.scheduling.FilterOutcome;
import io.stickyip.extender.scheduling.NodeFilter;
import io.stickyip.extender.scheduling.NodeScorer;
import io.stickyip.extender.scheduling.PodClaimsReader;
import io.stickyip.extender.scheduling.Verdict;
import io.stickyip.extender.wire.ExtenderArgs;
import io.stickyip.extender.wire.ExtenderFilterResult;
import io.stickyip.extender.wire.ExtenderJson;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where a call's time goes, in-process and without HTTP: CPU time of this thread per phase
 * (reading the body, the pod's claims, the filter, writing its result, the scores, writing them),
 * averaged over calls after a warm-up. CPU time, not wall time, so that a loaded machine does not
 * blur it. {@code hack/bench-extender phases [--nodes 5000] [--seconds 40]}. A measurement: asserts nothing.
 */
public final class FilterPhases {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static final int WARMUP_CALLS = 3000;

    private FilterPhases() {}

    /** The command line (picocli): usage errors exit 2 naming the value. */
    @Command(name = "hack/bench-extender phases", mixinStandardHelpOptions = true)
    static final class Cli implements Callable<Integer> {
        @Option(
                names = "--nodes",
                defaultValue = "5000",
                description = "nodes in the synthetic cluster (default ${DEFAULT-VALUE})")
        int nodes;

        @Option(
                names = "--seconds",
                defaultValue = "40",
                description = "measured CPU-time window (default ${DEFAULT-VALUE})")
        long seconds;

        @Override
        public Integer call() {
            run(nodes, seconds);
            return 0;
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    static void run(int nodes, long seconds) {
        SyntheticCluster cluster = SyntheticCluster.of(nodes);
        List<byte[]> bodies = cluster.bodies(256, 1);
        ExtenderJson json = new ExtenderJson();
        NodeFilter filter = new NodeFilter("stickyip-system");
        NodeScorer scorer = new NodeScorer();
        long[] phases = new long[6];
        int calls = 0;
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            for (byte[] body : bodies) {
                long[] t = new long[7];
                t[0] = cpu();
                ExtenderArgs args0 = read(json, body);
                t[1] = cpu();
                var claims = ((PodClaimsReader.Read.Ok)
                                PodClaimsReader.read(args0.pod(), cluster.view().catalog()))
                        .claims();
                t[2] = cpu();
                var verdicts = (FilterOutcome.Verdicts)
                        filter.filter(claims, args0.nodeNames(), cluster.view(), Instant.now());
                t[3] = cpu();
                json.write(result(verdicts));
                t[4] = cpu();
                var scores = scorer.score(claims, args0.nodeNames(), cluster.view());
                t[5] = cpu();
                json.write(scores);
                t[6] = cpu();
                if (++calls == WARMUP_CALLS) {
                    java.util.Arrays.fill(phases, 0);
                }
                for (int p = 0; p < 6; p++) {
                    phases[p] += t[p + 1] - t[p];
                }
            }
        }
        int measured = calls - WARMUP_CALLS;
        System.out.printf(
                Locale.ROOT,
                "# %d nodes cached, %d sent per call; CPU time per call in microseconds over %d calls%n",
                nodes,
                SyntheticCluster.sentNodes(nodes),
                measured);
        String[] names = {
            "read ExtenderArgs", "pod's claims", "filter", "write filter result", "prioritize", "write scores"
        };
        for (int p = 0; p < 6; p++) {
            System.out.printf(Locale.ROOT, "%-22s %8.1f%n", names[p], phases[p] / 1e3 / measured);
        }
        System.exit(0);
    }

    private static long cpu() {
        return CPU.getCurrentThreadCpuTime();
    }

    private static ExtenderArgs read(ExtenderJson json, byte[] body) {
        try {
            return json.readArgs(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExtenderFilterResult result(FilterOutcome.Verdicts verdicts) {
        List<String> passed = new ArrayList<>();
        Map<String, String> unresolvable = new LinkedHashMap<>();
        verdicts.verdicts().forEach((node, v) -> {
            if (v instanceof Verdict.Fail f) {
                unresolvable.put(node, f.message());
            } else {
                passed.add(node);
            }
        });
        return new ExtenderFilterResult(null, passed, Map.of(), unresolvable, "");
    }
}
