package io.stickyip.webhook.bench;

import io.stickyip.bench.DurationOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command-line options of {@link AdmissionBenchmark}.
 *
 * @param duration       measured time per cell (ignored when {@code requests} is set)
 * @param requests       measured requests per cell; 0 means "measure for {@code duration}"
 * @param warmup         unmeasured load before every cell, at the cell's concurrency
 * @param jitWarmup      unmeasured load per target at the highest concurrency before the first cell, so the JIT
 *                       has compiled the hot paths (C2 keeps compiling for tens of seconds on 2 busy cores)
 * @param concurrency    closed-loop client counts, one table block each
 * @param readmitPercent share of webhook requests that re-admit an already admitted workload
 * @param targets        which rows to measure (etcd, noop, webhook); all by default, fewer when profiling one
 * @param http2          HTTP/2 over one connection (as kube-apiserver calls webhooks) instead of HTTP/1.1, one
 *                       connection per client
 * @param preload        reservations written under each webhook cell's fresh prefix before its webhook starts
 * @param webhookEnv     settings passed to every webhook the benchmark starts (e.g. STICKYIP_ETCD_BATCH_MAX=1)
 */
record BenchOptions(
        Duration duration,
        long requests,
        Duration warmup,
        Duration jitWarmup,
        List<Integer> concurrency,
        int readmitPercent,
        Set<String> targets,
        boolean http2,
        int preload,
        Map<String, String> webhookEnv) {
    static final Set<String> ALL_TARGETS = Set.of("etcd", "noop", "webhook");

    /** The command line of {@code hack/bench} (picocli): {@link #options()} checks the ranges and names a bad value. */
    @Command(
            name = "hack/bench",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Admission latency and throughput of the webhook beside a bare etcd transaction and a no-op HTTPS server.")
    static class Line {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--duration",
                converter = DurationOption.class,
                defaultValue = "10s",
                description = "measured time per cell (default ${DEFAULT-VALUE}); units ms, s, m")
        Duration duration;

        @Option(
                names = "--requests",
                defaultValue = "0",
                description = "measure exactly N requests per cell instead of a duration")
        long requests;

        @Option(
                names = "--warmup",
                converter = DurationOption.class,
                defaultValue = "5s",
                description = "unmeasured load before each cell at the same concurrency (default ${DEFAULT-VALUE})")
        Duration warmup;

        @Option(
                names = "--jit-warmup",
                converter = DurationOption.class,
                defaultValue = "40s",
                description =
                        "unmeasured load per target before the first cell, at the highest concurrency (default ${DEFAULT-VALUE})")
        Duration jitWarmup;

        @Option(
                names = "--concurrency",
                split = ",",
                defaultValue = "1,16,100",
                description = "closed-loop client counts (default ${DEFAULT-VALUE})")
        List<Integer> concurrency;

        @Option(
                names = "--readmit-percent",
                defaultValue = "25",
                description = "webhook requests that re-admit an admitted workload (default ${DEFAULT-VALUE})")
        int readmitPercent;

        @Option(
                names = "--targets",
                split = ",",
                defaultValue = "etcd,noop,webhook",
                description = "rows to measure, of etcd,noop,webhook (default all; fewer for profiling)")
        List<String> targets;

        @Option(
                names = "--http2",
                description =
                        "all clients share one HTTP/2 connection, as kube-apiserver's calls do (default: HTTP/1.1, one keep-alive connection per client)")
        boolean http2;

        @Option(
                names = "--preload",
                defaultValue = "0",
                description =
                        "reservations held before each webhook cell (written under its fresh prefix before its webhook starts)")
        int preload;

        @Option(
                names = "--webhook-env",
                description =
                        "a setting for every webhook started, e.g. STICKYIP_ETCD_BATCH_MAX=1 (group commit off); may be repeated")
        List<String> webhookEnv = List.of();

        BenchOptions options() {
            if (requests < 0) {
                throw bad("--requests: " + requests + " is not 1 or more (0: measure for --duration)");
            }
            for (int c : concurrency) {
                if (c < 1 || c > 10_000) {
                    throw bad("--concurrency: " + c + " is not between 1 and 10000");
                }
            }
            if (readmitPercent < 0 || readmitPercent > 100) {
                throw bad("--readmit-percent: " + readmitPercent + " is not between 0 and 100");
            }
            if (preload < 0 || preload > 1_000_000) {
                throw bad("--preload: " + preload + " is not between 0 and 1000000");
            }
            Set<String> chosen = new LinkedHashSet<>();
            for (String t : targets) {
                if (!ALL_TARGETS.contains(t.trim())) {
                    throw bad("--targets: " + t.trim() + " is not one of etcd, noop, webhook");
                }
                chosen.add(t.trim());
            }
            Map<String, String> env = new TreeMap<>();
            for (String kv : webhookEnv) {
                int eq = kv.indexOf('=');
                if (eq < 1 || !kv.startsWith("STICKYIP_")) {
                    throw bad("--webhook-env: " + kv + " is not STICKYIP_NAME=VALUE");
                }
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return new BenchOptions(
                    duration,
                    requests,
                    warmup,
                    jitWarmup,
                    List.copyOf(concurrency),
                    readmitPercent,
                    Set.copyOf(chosen),
                    http2,
                    preload,
                    Map.copyOf(env));
        }

        private ParameterException bad(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }

    /** The options {@code args} give, or a {@link ParameterException} naming the bad value (tests). */
    static BenchOptions parse(String... args) {
        Line line = new Line();
        new CommandLine(line).parseArgs(args);
        return line.options();
    }

    /** The transport, for the report. */
    String describeTransport() {
        return http2
                ? "HTTPS, HTTP/2 (ALPN), all clients multiplexed on one connection"
                : "HTTPS, HTTP/1.1 keep-alive, one connection per client";
    }

    /** How a cell is measured, for the report. */
    String describe() {
        return (requests > 0 ? requests + " requests" : duration.toMillis() / 1000.0 + " s")
                + " measured per cell after "
                + warmup.toMillis() / 1000.0 + " s warm-up (and " + jitWarmup.toMillis() / 1000.0
                + " s JIT warm-up per target)"
                + (preload > 0 ? "; " + preload + " reservations held before each webhook cell" : "")
                + (webhookEnv.isEmpty() ? "" : "; webhook settings " + new TreeMap<>(webhookEnv));
    }
}
