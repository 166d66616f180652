package io.stickyip.extender.bench;

import io.stickyip.bench.Bench;
import io.stickyip.extender.scheduling.FilterOutcome;
import io.stickyip.extender.scheduling.NodeFilter;
import io.stickyip.extender.scheduling.NodeScorer;
import io.stickyip.extender.scheduling.PodClaims;
import io.stickyip.extender.scheduling.PodClaimsReader;
import io.stickyip.extender.scheduling.Verdict;
import io.stickyip.extender.wire.ExtenderArgs;
import io.stickyip.extender.wire.ExtenderFilterResult;
import io.stickyip.extender.wire.ExtenderJson;
import io.stickyip.extender.wire.HostPriority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where a call's time goes, in-process and without HTTP: one JMH benchmark per phase of a filter and prioritize call
 * (reading the body, the pod's claims, the filter, writing its result, the scores, writing them), average time per
 * operation in one forked JVM after JMH's warm-up. Each phase is measured on inputs the phase before made in the
 * set-up, rotating over 256 request bodies as kube-scheduler would send them. {@code hack/bench-extender phases
 * [--nodes 5000] [--seconds 40]}. A measurement: asserts nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FilterPhases {
    static final int BODIES = 256;

    @Param("5000")
    int nodes;

    private final ExtenderJson json = new ExtenderJson();
    private final NodeFilter filter = new NodeFilter("stickyip-system");
    private final NodeScorer scorer = new NodeScorer();
    private SyntheticCluster cluster;
    private Call[] calls;
    private int next;

    /** One request's inputs to each phase, made once in the set-up. */
    record Call(
            byte[] body,
            ExtenderArgs args,
            PodClaims claims,
            FilterOutcome.Verdicts verdicts,
            ExtenderFilterResult result,
            List<HostPriority> scores) {}

    @Setup(Level.Trial)
    public void setUp() {
        cluster = SyntheticCluster.of(nodes);
        calls = cluster.bodies(BODIES, 1).stream().map(this::call).toArray(Call[]::new);
    }

    private Call call(byte[] body) {
        ExtenderArgs args = read(body);
        PodClaims claims = claims(args);
        FilterOutcome.Verdicts verdicts = verdicts(claims, args);
        List<HostPriority> scores = scorer.score(claims, args.nodeNames(), cluster.view());
        return new Call(body, args, claims, verdicts, result(verdicts), scores);
    }

    private Call next() {
        Call c = calls[next];
        next = (next + 1) % calls.length;
        return c;
    }

    @Benchmark
    public ExtenderArgs readExtenderArgs() {
        return read(next().body());
    }

    @Benchmark
    public PodClaims podClaims() {
        return claims(next().args());
    }

    @Benchmark
    public FilterOutcome.Verdicts filter() {
        Call c = next();
        return verdicts(c.claims(), c.args());
    }

    @Benchmark
    public byte[] writeFilterResult() {
        return json.write(result(next().verdicts()));
    }

    @Benchmark
    public List<HostPriority> prioritize() {
        Call c = next();
        return scorer.score(c.claims(), c.args().nodeNames(), cluster.view());
    }

    @Benchmark
    public byte[] writeScores() {
        return json.write(next().scores());
    }

    private ExtenderArgs read(byte[] body) {
        try {
            return json.readArgs(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private PodClaims claims(ExtenderArgs args) {
        return ((PodClaimsReader.Read.Ok)
                        PodClaimsReader.read(args.pod(), cluster.view().catalog()))
                .claims();
    }

    private FilterOutcome.Verdicts verdicts(PodClaims claims, ExtenderArgs args) {
        return (FilterOutcome.Verdicts) filter.filter(claims, args.nodeNames(), cluster.view(), Instant.now());
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
                description = "measured time over the six phases (default ${DEFAULT-VALUE}), as many again to warm up")
        long seconds;

        @Override
        public Integer call() throws RunnerException {
            print(nodes, run(nodes, Duration.ofSeconds(seconds)));
            return 0;
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    /** Five warm-up and five measured iterations per phase, the window shared out among the six. */
    static Collection<RunResult> run(int nodes, Duration window) throws RunnerException {
        long perIteration = Math.max(200, window.toMillis() / 6 / 5);
        return new Runner(new OptionsBuilder()
                        .include(FilterPhases.class.getName() + "\\.")
                        .param("nodes", Integer.toString(nodes))
                        .forks(1)
                        .warmupIterations(5)
                        .warmupTime(TimeValue.milliseconds(perIteration))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.milliseconds(perIteration))
                        .build())
                .run();
    }

    private static void print(int nodes, Collection<RunResult> results) {
        System.out.printf(
                Locale.ROOT,
                "# %d nodes cached, %d sent per call; average time per call in microseconds (JMH, 1 fork)%n",
                nodes,
                SyntheticCluster.sentNodes(nodes));
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %8.1f ± %.1f%n",
                    label,
                    r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError());
        }
    }
}
