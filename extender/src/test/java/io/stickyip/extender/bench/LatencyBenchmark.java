package io.stickyip.extender.bench;

import io.stickyip.bench.Bench;
import io.stickyip.bench.DurationOption;
import io.stickyip.certs.testing.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Filter + prioritize latency of the extender with 100, 1 000 and 5 000 nodes in its cache and the
 * node list kube-scheduler would send, beside a no-op server on the same wire (HTTPS, the runtime
 * server, one keep-alive connection, one call at a time as the scheduler makes them). Prints a
 * table; a measurement, not a test: it asserts nothing. Run with {@code hack/bench-extender latency}.
 *
 * <p>Both servers and the client share this JVM and the machine; the two servers alternate in
 * rounds so that load from elsewhere falls on both.
 */
public final class LatencyBenchmark {
    static final int BODIES = 256;

    private LatencyBenchmark() {}

    record Options(List<Integer> nodes, Duration warmup, Duration round, int rounds) {}

    /** The command line (picocli): usage errors exit 2 naming the value, a failed run 1. */
    @Command(name = "hack/bench-extender latency", mixinStandardHelpOptions = true, sortOptions = false)
    static final class Cli implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--nodes",
                split = ",",
                defaultValue = "100,1000,5000",
                description = "nodes in the extender's cache, one table row each (default ${DEFAULT-VALUE})")
        List<Integer> nodes;

        @Option(
                names = "--warmup",
                converter = DurationOption.class,
                defaultValue = "20s",
                description = "unmeasured calls per target first (default ${DEFAULT-VALUE})")
        Duration warmup;

        @Option(
                names = "--round",
                converter = DurationOption.class,
                defaultValue = "5s",
                description = "length of one measured round per target (default ${DEFAULT-VALUE})")
        Duration round;

        @Option(
                names = "--rounds",
                defaultValue = "3",
                description = "rounds per target, alternating (default ${DEFAULT-VALUE})")
        int rounds;

        @Override
        public Integer call() throws Exception {
            if (nodes.stream().anyMatch(n -> n < 1) || rounds < 1) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--nodes " + nodes + " --rounds " + rounds
                                + ": every node count and the rounds must be 1 or more");
            }
            run(new Options(List.copyOf(nodes), warmup, round, rounds));
            return 0;
        }
    }

    /** Per target: filter, prioritize, and the pair as one scheduling cycle sees it. */
    record Sample(Histogram filter, Histogram prioritize, Histogram pair) {
        static Sample empty() {
            return new Sample(new Histogram(3), new Histogram(3), new Histogram(3));
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    static void run(Options options) throws Exception {
        Path tls = certificates();
        HttpClient client = client(tls.resolve("ca.crt"));
        System.out.printf(
                Locale.ROOT,
                "# extender filter+prioritize latency: HTTPS (%s), one connection, one call at a time; "
                        + "warm-up %ss per target, %d rounds of %ss per target, alternating%n",
                client.version(),
                options.warmup().toSeconds(),
                options.rounds(),
                options.round().toSeconds());
        System.out.printf(
                Locale.ROOT,
                "%-6s %-5s %-9s %9s %9s %9s %9s %9s %9s %8s%n",
                "nodes",
                "sent",
                "target",
                "filt p50",
                "filt p99",
                "prio p50",
                "prio p99",
                "pair p50",
                "pair p99",
                "cycles");
        for (int n : options.nodes()) {
            SyntheticCluster cluster = SyntheticCluster.of(n);
            List<byte[]> bodies = cluster.bodies(BODIES, n);
            try (BenchServers.Running extender = BenchServers.extender(tls, cluster);
                    BenchServers.Running noop = BenchServers.noop(tls)) {
                run(client, noop.port(), bodies, options.warmup(), Sample.empty());
                run(client, extender.port(), bodies, options.warmup(), Sample.empty());
                Sample noopSample = Sample.empty();
                Sample extenderSample = Sample.empty();
                for (int r = 0; r < options.rounds(); r++) {
                    run(client, noop.port(), bodies, options.round(), noopSample);
                    run(client, extender.port(), bodies, options.round(), extenderSample);
                }
                print(n, SyntheticCluster.sentNodes(n), "no-op", noopSample);
                print(n, SyntheticCluster.sentNodes(n), "extender", extenderSample);
                System.out.printf(
                        Locale.ROOT,
                        "%-6s %-5s %-9s %9.2fx %8.2fx %8.2fx %8.2fx %8.2fx %8.2fx%n",
                        "",
                        "",
                        "ratio",
                        ratio(extenderSample.filter(), noopSample.filter(), 50),
                        ratio(extenderSample.filter(), noopSample.filter(), 99),
                        ratio(extenderSample.prioritize(), noopSample.prioritize(), 50),
                        ratio(extenderSample.prioritize(), noopSample.prioritize(), 99),
                        ratio(extenderSample.pair(), noopSample.pair(), 50),
                        ratio(extenderSample.pair(), noopSample.pair(), 99));
            }
        }
        System.exit(0);
    }

    private static void run(HttpClient client, int port, List<byte[]> bodies, Duration length, Sample sample)
            throws Exception {
        URI filter = URI.create("https://127.0.0.1:" + port + "/filter");
        URI prioritize = URI.create("https://127.0.0.1:" + port + "/prioritize");
        long end = System.nanoTime() + length.toNanos();
        int i = 0;
        while (System.nanoTime() < end) {
            byte[] body = bodies.get(i++ % bodies.size());
            long t0 = System.nanoTime();
            call(client, filter, body);
            long t1 = System.nanoTime();
            call(client, prioritize, body);
            long t2 = System.nanoTime();
            sample.filter().recordValue(t1 - t0);
            sample.prioritize().recordValue(t2 - t1);
            sample.pair().recordValue(t2 - t0);
        }
    }

    private static void call(HttpClient client, URI uri, byte[] body) throws Exception {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(uri)
                        .header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    uri + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    private static void print(int n, int sent, String target, Sample s) {
        System.out.printf(
                Locale.ROOT,
                "%-6d %-5d %-9s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %8d%n",
                n,
                sent,
                target,
                ms(s.filter(), 50),
                ms(s.filter(), 99),
                ms(s.prioritize(), 50),
                ms(s.prioritize(), 99),
                ms(s.pair(), 50),
                ms(s.pair(), 99),
                s.pair().getTotalCount());
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return ms(a, percentile) / ms(b, percentile);
    }

    private static Path certificates() throws Exception {
        Path tls = Files.createTempDirectory("stickyip-extender-bench-");
        new TestPki().writeLoopback(tls, Duration.ofDays(2), Duration.ofDays(1));
        return tls;
    }

    private static HttpClient client(Path ca) {
        // kube-scheduler's transport (k8s.io/apimachinery SetTransportDefaults) speaks HTTP/2 when the server offers it
        return HttpClient.newBuilder()
                .sslContext(TestPki.trusting(ca, Optional.empty()))
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
