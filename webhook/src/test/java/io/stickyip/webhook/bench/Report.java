package io.stickyip.webhook.bench;

import io.stickyip.bench.Latencies;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The benchmark's output: machine, load, one table, ratios, the webhook's breakdown by request kind, and the target. */
final class Report {
    static final double TARGET_P99_MS = 5.0;
    static final double TARGET_RATIO = 1.5;
    static final int TARGET_CONCURRENCY = 100;

    private final BenchOptions options;
    private final String etcdVersion;
    private final String mix;
    private final List<ClosedLoop.Result> results;

    Report(BenchOptions options, String etcdVersion, String mix, List<ClosedLoop.Result> results) {
        this.options = options;
        this.etcdVersion = etcdVersion;
        this.mix = mix;
        this.results = results;
    }

    void print(PrintStream out) {
        out.println();
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java " + Runtime.version()
                + " (" + System.getProperty("java.vm.name") + ")");
        out.println("etcd:    " + etcdVersion + ", one member, local process, data on "
                + System.getProperty("java.io.tmpdir"));
        out.println("load:    closed loop, " + options.describe() + "; " + options.describeTransport());
        out.println("mix:     " + mix);
        out.println(
                "cpu:     CPU ms per measured request: jvm = this JVM (webhook or no-op server, load generator, jetcd client, "
                        + "GC, JIT), etcd = the etcd process");
        out.println(
                "load1:   the machine's 1-minute load average at the end of each cell (this benchmark alone keeps it near "
                        + "2; more means other work shared the CPUs)");
        out.println();
        out.printf(
                "%-26s %7s %9s %8s %8s %8s %8s %6s %8s %8s %6s%n",
                "target",
                "clients",
                "requests",
                "req/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "errors",
                "jvm cpu",
                "etcd cpu",
                "load1");
        for (ClosedLoop.Result r : results) {
            out.printf(
                    "%-26s %7d %9d %8.0f %8.2f %8.2f %8.2f %6d %8.3f %8.3f %6.2f%n",
                    r.target(),
                    r.concurrency(),
                    r.requests(),
                    r.throughput(),
                    r.latencies().percentileMillis(50),
                    r.latencies().percentileMillis(99),
                    r.latencies().maxMillis(),
                    r.errors(),
                    r.jvmCpuMillisPerRequest(),
                    r.etcdCpuMillisPerRequest(),
                    r.loadAverage());
        }
        for (int c : options.concurrency()) {
            ratio(c).ifPresent(q ->
                    out.printf("%-26s %7d %9s %8s %7.2fx %7.2fx%n", "webhook / (etcd + no-op)", c, "", "", q[0], q[1]));
        }
        out.println();
        out.println("webhook by request kind (p50 / p99 ms, count):");
        for (ClosedLoop.Result r : results) {
            if (r.target().equals("webhook")) {
                StringBuilder line = new StringBuilder(String.format("  %4d clients:", r.concurrency()));
                for (Map.Entry<String, Latencies> e : r.byLabel().entrySet()) {
                    line.append(String.format(
                            "  %s %.2f / %.2f (%d)",
                            e.getKey(),
                            e.getValue().percentileMillis(50),
                            e.getValue().percentileMillis(99),
                            e.getValue().count()));
                }
                out.println(line);
                r.sampleErrors().forEach(e -> out.println("    error: " + e));
            }
        }
        target(out);
        issue12(out);
    }

    /**
     * The group-commit targets of issue 12: at 100 clients admissions/s >= 1.0x the bare etcd txn/s and
     * CPU per admission (JVM + etcd) <= 0.45 ms; at 1 client p50 <= 1.3x (etcd txn + no-op https).
     */
    private void issue12(PrintStream out) {
        Optional<ClosedLoop.Result> w = find("webhook", TARGET_CONCURRENCY);
        Optional<ClosedLoop.Result> e = find("etcd txn", TARGET_CONCURRENCY);
        if (w.isPresent() && e.isPresent()) {
            double throughput = w.get().throughput() / e.get().throughput();
            double cpu = w.get().jvmCpuMillisPerRequest() + w.get().etcdCpuMillisPerRequest();
            out.printf(
                    "target (issue 12) at %d clients: webhook req/s / etcd txn/s >= 1.0x: %s (%.2fx); cpu per admission "
                            + "(jvm + etcd) <= 0.45 ms: %s (%.3f ms)%n",
                    TARGET_CONCURRENCY,
                    throughput >= 1.0 ? "met" : "MISSED",
                    throughput,
                    cpu <= 0.45 ? "met" : "MISSED",
                    cpu);
        }
        ratio(1).ifPresent(q -> out.printf(
                "target (issue 12) at 1 client: p50 <= 1.3x (etcd + no-op): %s (%.2fx)%n",
                q[0] <= 1.3 ? "met" : "MISSED", q[0]));
    }

    /** p50 and p99 of the webhook divided by the sum of the two baselines' at the same concurrency. */
    private Optional<double[]> ratio(int concurrency) {
        Optional<ClosedLoop.Result> w = find("webhook", concurrency);
        Optional<ClosedLoop.Result> e = find("etcd txn", concurrency);
        Optional<ClosedLoop.Result> n = find("no-op https", concurrency);
        if (w.isEmpty() || e.isEmpty() || n.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new double[] {
            w.get().latencies().percentileMillis(50)
                    / (e.get().latencies().percentileMillis(50)
                            + n.get().latencies().percentileMillis(50)),
            w.get().latencies().percentileMillis(99)
                    / (e.get().latencies().percentileMillis(99)
                            + n.get().latencies().percentileMillis(99))
        });
    }

    private void target(PrintStream out) {
        Optional<ClosedLoop.Result> w = find("webhook", TARGET_CONCURRENCY);
        Optional<double[]> q = ratio(TARGET_CONCURRENCY);
        if (w.isEmpty() || q.isEmpty()) {
            out.println("\ntarget (issue 2) not evaluated: it is stated at " + TARGET_CONCURRENCY + " clients");
            return;
        }
        double p99 = w.get().latencies().percentileMillis(99);
        out.printf(
                "%ntarget (issue 2) at %d clients: p99 <= %.1f ms: %s (%.2f ms); p99 <= %.1fx (etcd + no-op): %s (%.2fx)%n",
                TARGET_CONCURRENCY,
                TARGET_P99_MS,
                p99 <= TARGET_P99_MS ? "met" : "MISSED",
                p99,
                TARGET_RATIO,
                q.get()[1] <= TARGET_RATIO ? "met" : "MISSED",
                q.get()[1]);
    }

    private Optional<ClosedLoop.Result> find(String target, int concurrency) {
        return results.stream()
                .filter(r -> r.target().equals(target) && r.concurrency() == concurrency)
                .findFirst();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown model");
        } catch (java.io.IOException e) {
            return "unknown model";
        }
    }
}
