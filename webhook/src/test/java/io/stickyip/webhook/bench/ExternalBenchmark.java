package io.stickyip.webhook.bench;

import io.stickyip.bench.Bench;
import io.stickyip.bench.DurationOption;
import io.stickyip.testing.etcd.EtcdProcess;
import io.stickyip.webhook.it.WebhookFixture;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * External-load mode (issue 12): the webhook runs as its own long-lived process, started as the
 * docs/webhook-standalone.md starts it (standalone: {@code io.stickyip.webhook.Main} with the same environment, pools
 * from a file, client certificates required), over one etcd process and one key prefix for the
 * whole run, so reservations accumulate from cell to cell. This JVM is only the load: distinct
 * bare-pod AdmissionReviews ({@link AdmissionLoad}, no re-admissions), each claiming one address,
 * over HTTPS with the caller's client certificate. Prints one table; asserts nothing.
 *
 * <pre>ExternalBenchmark [--cells 1,100,1,100] [--duration 20s] [--warmup 5s] [--jit-warmup 30s]</pre>
 */
public final class ExternalBenchmark {
    private ExternalBenchmark() {}

    /** One measured cell, with the CPU of each process over it. */
    record Cell(
            ClosedLoop.Result result,
            int heldBefore,
            int heldAfter,
            double webhookCpuMs,
            double etcdCpuMs,
            double loadCpuMs,
            long webhookRssMiB) {}

    record Options(List<Integer> cells, Duration duration, Duration warmup, Duration jitWarmup) {}

    /** The command line (picocli); usage errors exit 2, a failed run 1. */
    @Command(
            name = "hack/bench-external",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "The webhook as its own process (docs/webhook-standalone.md) under closed-loop load.")
    static final class Cli implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--cells",
                split = ",",
                defaultValue = "1,100,1,100",
                description = "connections per measured cell, in order (default ${DEFAULT-VALUE})")
        List<Integer> cells;

        @Option(
                names = "--duration",
                converter = DurationOption.class,
                defaultValue = "20s",
                description = "measured time per cell (default ${DEFAULT-VALUE})")
        Duration duration;

        @Option(
                names = "--warmup",
                converter = DurationOption.class,
                defaultValue = "5s",
                description = "unmeasured load before each cell (default ${DEFAULT-VALUE})")
        Duration warmup;

        @Option(
                names = "--jit-warmup",
                converter = DurationOption.class,
                defaultValue = "30s",
                description = "unmeasured load before the first cell (default ${DEFAULT-VALUE})")
        Duration jitWarmup;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (cells.stream().anyMatch(c -> c < 1)) {
                throw new ParameterException(
                        spec.commandLine(), "--cells " + cells + ": each cell needs at least 1 connection");
            }
            run(new Options(List.copyOf(cells), duration, warmup, jitWarmup));
            return 0;
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    private static void run(Options options) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("stickyip-bench-external-");
        Path tls = dir.resolve("tls");
        WebhookFixture.issueCertificates(tls);
        WebhookFixture.issueCallerCertificates(
                dir.resolve(BenchWebhook.CALLERS_CA), dir.resolve(BenchWebhook.CALLER), "kube-apiserver");
        Path pools = BenchWebhook.writePools(dir);
        Path log = dir.resolve("webhook.log");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(AdmissionBenchmark.CLIENT_EVENT_LOOPS));
        List<Cell> cells = new ArrayList<>();
        AdmissionLoad load = new AdmissionLoad(0, true);
        try (EtcdProcess etcd = EtcdProcess.startNew();
                WebhookProcess webhook = WebhookProcess.start(webhookEnv(etcd.endpoint(), tls, pools), log)) {
            System.out.printf("# webhook pid %d on port %d, log %s%n", webhook.pid(), webhook.port(), log);
            int max = options.cells().stream().mapToInt(Integer::intValue).max().orElse(1);
            System.out.printf(
                    "# JIT warm-up: %.0f s at %d connections (its reservations stay)%n",
                    options.jitWarmup().toMillis() / 1000.0, max);
            try (Target t = target(vertx, tls, webhook.port(), max, load)) {
                ClosedLoop.run(t, max, options.jitWarmup(), Duration.ZERO, 0);
            }
            for (int c : options.cells()) {
                cells.add(cell(options, c, vertx, tls, webhook, load));
            }
        } finally {
            vertx.close().await();
        }
        print(options, cells);
    }

    private static Cell cell(
            Options options, int connections, Vertx vertx, Path tls, WebhookProcess webhook, AdmissionLoad load) {
        try (Target t = target(vertx, tls, webhook.port(), connections, load)) {
            ClosedLoop.run(t, connections, options.warmup(), Duration.ZERO, 0);
            int heldBefore = load.admittedCount();
            long w0 = cpu(webhook.pid());
            long e0 = cpu(etcdPid());
            long l0 = ownCpu();
            ClosedLoop.Result r = ClosedLoop.run(t, connections, Duration.ZERO, options.duration(), 0);
            double n = Math.max(1, r.requests());
            Cell cell = new Cell(
                    r,
                    heldBefore,
                    load.admittedCount(),
                    (cpu(webhook.pid()) - w0) / 1e6 / n,
                    (cpu(etcdPid()) - e0) / 1e6 / n,
                    (ownCpu() - l0) / 1e6 / n,
                    webhook.rssMiB());
            System.out.printf(
                    "#   %4d connections: %d requests, %.0f/s, p50 %.2f ms, p99 %.2f ms, errors %d, held %d -> %d%n",
                    connections,
                    r.requests(),
                    r.throughput(),
                    r.latencies().percentileMillis(50),
                    r.latencies().percentileMillis(99),
                    r.errors(),
                    heldBefore,
                    cell.heldAfter());
            return cell;
        }
    }

    private static HttpsTarget target(Vertx vertx, Path tls, int port, int connections, AdmissionLoad load) {
        return new HttpsTarget(
                "webhook",
                vertx,
                AdmissionBenchmark.CLIENT_EVENT_LOOPS,
                tls.resolve("ca.crt"),
                port,
                connections,
                false,
                load);
    }

    /** docs/webhook-standalone.md's environment, one prefix for the whole run. */
    private static Map<String, String> webhookEnv(String etcd, Path tls, Path pools) {
        return Map.of(
                "STICKYIP_SEAL_KEY",
                        io.stickyip.runtime.testing.TestSealKeys.write(tls.resolveSibling("seal"))
                                .get("STICKYIP_SEAL_KEY"),
                "STICKYIP_HOST", "127.0.0.1",
                "STICKYIP_PORT", Integer.toString(freePort()),
                "STICKYIP_CERT_DIR", tls.toString(),
                "STICKYIP_CLIENT_CA_FILE",
                        tls.resolveSibling(BenchWebhook.CALLERS_CA)
                                .resolve("ca.crt")
                                .toString(),
                "STICKYIP_ETCD_ENDPOINTS", etcd,
                "STICKYIP_ETCD_PLAINTEXT", "true",
                "STICKYIP_ETCD_PREFIX",
                        "/bench-external/" + ProcessHandle.current().pid() + "/",
                "STICKYIP_POOLS_FILE", pools.toString());
    }

    private static void print(Options options, List<Cell> cells) {
        System.out.println();
        System.out.printf(
                "external load: %s; %.0f s per cell after %.0f s unmeasured, one webhook process and one etcd for the run%n",
                "distinct bare-pod first admissions, one address each from a /12 pool, HTTP/1.1 keep-alive, client certificate",
                options.duration().toMillis() / 1000.0,
                options.warmup().toMillis() / 1000.0);
        System.out.printf(
                "%-6s %9s %9s %8s %8s %8s %8s %6s %9s %9s %9s %8s %6s%n",
                "conns",
                "held",
                "requests",
                "adm/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "errors",
                "hook cpu",
                "etcd cpu",
                "load cpu",
                "hook rss",
                "load1");
        for (Cell c : cells) {
            ClosedLoop.Result r = c.result();
            System.out.printf(
                    "%-6d %9s %9d %8.0f %8.2f %8.2f %8.2f %6d %9.3f %9.3f %9.3f %8d %6.2f%n",
                    r.concurrency(),
                    c.heldBefore() + "+",
                    r.requests(),
                    r.throughput(),
                    r.latencies().percentileMillis(50),
                    r.latencies().percentileMillis(99),
                    r.latencies().percentileMillis(100),
                    r.errors(),
                    c.webhookCpuMs(),
                    c.etcdCpuMs(),
                    c.loadCpuMs(),
                    c.webhookRssMiB(),
                    r.loadAverage());
            r.sampleErrors().stream().limit(3).forEach(e -> System.out.println("       error: " + e));
        }
        System.out.println(
                "held: reservations held when the cell began (the JIT warm-up's included); cpu: ms of CPU per admission"
                        + " of the webhook process, etcd, and this load process; hook rss: the webhook's RSS in MiB after the cell");
    }

    /** The etcd process this JVM started (its only child besides the webhook). */
    private static long etcdPid() {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/etcd")).orElse(false))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(-1);
    }

    private static long cpu(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(0L);
    }

    private static long ownCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
