package io.stickyip.webhook.bench;

import io.stickyip.bench.Bench;
import io.stickyip.runtime.lifecycle.Deployed;
import io.stickyip.testing.etcd.EtcdBinary;
import io.stickyip.testing.etcd.EtcdProcess;
import io.stickyip.webhook.it.WebhookFixture;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Admission latency and throughput of the webhook against real etcd, beside two baselines: the
 * same claim-shaped etcd transaction alone, and a no-op HTTPS server answering a fixed review.
 * Prints one table; it is a measurement, not a test, and asserts nothing. Run with {@code hack/bench}.
 *
 * <p>Everything shares one machine: etcd (a separate process), the webhook (in this JVM, with its
 * own Vert.x), and the load generator (in this JVM, its own Vert.x with {@value #CLIENT_EVENT_LOOPS}
 * event loops).
 */
public final class AdmissionBenchmark {
    static final int CLIENT_EVENT_LOOPS = 2;

    private AdmissionBenchmark() {}

    /** The command line ({@link BenchOptions.Line}) and the run; usage errors exit 2, a failed run 1. */
    static final class Cli extends BenchOptions.Line implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            run(options());
            return 0; // the webhook's and etcd client's threads would keep the JVM alive: Bench.main exits
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    private static void run(BenchOptions options) throws IOException {
        List<ClosedLoop.Result> results = new ArrayList<>();
        String etcdVersion = etcdVersion();
        Path dir = Files.createTempDirectory("stickyip-bench-");
        Path tls = dir.resolve("tls");
        WebhookFixture.issueCertificates(tls);
        WebhookFixture.issueCallerCertificates(
                dir.resolve(BenchWebhook.CALLERS_CA), dir.resolve(BenchWebhook.CALLER), "kube-apiserver");
        Path pools = BenchWebhook.writePools(dir);
        Path ca = tls.resolve("ca.crt");
        Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(CLIENT_EVENT_LOOPS));
        try (EtcdProcess etcd = EtcdProcess.startNew()) {
            byte[] fixed = sampleResponse(etcd.endpoint(), tls, pools, clients, options);
            try (NoopHttpsServer noop = NoopHttpsServer.start(tls, fixed)) {
                warmUp(options, etcd.endpoint(), noop, tls, pools, clients);
                for (int c : options.concurrency()) {
                    String run = "/bench/" + ProcessHandle.current().pid() + "/c" + c + "/";
                    if (options.targets().contains("etcd")) {
                        results.add(measure(options, c, () -> new EtcdTxnTarget(etcd.endpoint(), run + "etcd/")));
                    }
                    if (options.targets().contains("noop")) {
                        results.add(measure(
                                options,
                                c,
                                () -> new HttpsTarget(
                                        "no-op https",
                                        clients,
                                        CLIENT_EVENT_LOOPS,
                                        ca,
                                        noop.port(),
                                        c,
                                        options.http2(),
                                        new AdmissionLoad(options.readmitPercent()))));
                    }
                    if (options.targets().contains("webhook")) {
                        preload(options, etcd.endpoint(), run + "webhook/");
                        try (Deployed webhook = BenchWebhook.start(
                                etcd.endpoint(), run + "webhook/", tls, pools, options.webhookEnv())) {
                            results.add(measure(
                                    options,
                                    c,
                                    () -> new HttpsTarget(
                                            "webhook",
                                            clients,
                                            CLIENT_EVENT_LOOPS,
                                            ca,
                                            webhook.port(),
                                            c,
                                            options.http2(),
                                            new AdmissionLoad(options.readmitPercent()))));
                            System.out.printf(
                                    "#   benchmark JVM (webhook, load, clients) RSS after the cell: %d MiB%n",
                                    rssMiB());
                        }
                    }
                }
            }
        } finally {
            clients.close().await();
        }
        new Report(options, etcdVersion, new AdmissionLoad(options.readmitPercent()).describe(), results)
                .print(System.out);
    }

    /** JIT warm-up of all three paths at the highest concurrency, before any cell; nothing recorded. */
    private static void warmUp(
            BenchOptions options, String etcd, NoopHttpsServer noop, Path tls, Path pools, Vertx clients) {
        int c = options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(1);
        String run = "/bench/" + ProcessHandle.current().pid() + "/warmup/";
        Path ca = tls.resolve("ca.crt");
        System.out.printf(
                "# JIT warm-up: %.1f s per target at %d clients%n",
                options.jitWarmup().toMillis() / 1000.0, c);
        if (options.targets().contains("etcd")) {
            try (Target t = new EtcdTxnTarget(etcd, run + "etcd/")) {
                ClosedLoop.run(t, c, options.jitWarmup(), Duration.ZERO, 0);
            }
        }
        if (options.targets().contains("noop")) {
            try (Target t = new HttpsTarget(
                    "no-op https",
                    clients,
                    CLIENT_EVENT_LOOPS,
                    ca,
                    noop.port(),
                    c,
                    options.http2(),
                    new AdmissionLoad(options.readmitPercent()))) {
                ClosedLoop.run(t, c, options.jitWarmup(), Duration.ZERO, 0);
            }
        }
        if (!options.targets().contains("webhook")) {
            return;
        }
        try (Deployed webhook = BenchWebhook.start(etcd, run + "webhook/", tls, pools, options.webhookEnv());
                Target t = new HttpsTarget(
                        "webhook",
                        clients,
                        CLIENT_EVENT_LOOPS,
                        ca,
                        webhook.port(),
                        c,
                        options.http2(),
                        new AdmissionLoad(options.readmitPercent()))) {
            ClosedLoop.run(t, c, options.jitWarmup(), Duration.ZERO, 0);
        }
    }

    private static void preload(BenchOptions options, String etcd, String prefix) {
        if (options.preload() > 0) {
            Duration took = Preload.write(etcd, prefix, options.preload());
            System.out.printf(
                    "# preload: %d reservations under %s in %.1f s%n",
                    options.preload(), prefix, took.toMillis() / 1000.0);
        }
    }

    private static ClosedLoop.Result measure(BenchOptions options, int concurrency, Supplier<Target> make) {
        try (Target target = make.get()) {
            System.out.printf(
                    "# %-12s %4d clients: warm-up %.1f s, then %s%n",
                    target.name(),
                    concurrency,
                    options.warmup().toMillis() / 1000.0,
                    options.requests() > 0
                            ? options.requests() + " requests"
                            : options.duration().toMillis() / 1000.0 + " s");
            ClosedLoop.Result r =
                    ClosedLoop.run(target, concurrency, options.warmup(), options.duration(), options.requests());
            System.out.printf(
                    "#   %d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                    r.requests(),
                    r.throughput(),
                    r.latencies().percentileMillis(50),
                    r.latencies().percentileMillis(99),
                    r.errors());
            return r;
        }
    }

    /** A real webhook answer to one first admission, so the no-op server returns a response of the same shape and size. */
    private static byte[] sampleResponse(String etcd, Path tls, Path pools, Vertx clients, BenchOptions options) {
        try (Deployed webhook = BenchWebhook.start(
                        etcd,
                        "/bench/" + ProcessHandle.current().pid() + "/sample/",
                        tls,
                        pools,
                        options.webhookEnv());
                HttpsTarget target = new HttpsTarget(
                        "sample", clients, 1, tls.resolve("ca.crt"), webhook.port(), 1, false, new AdmissionLoad(0))) {
            Buffer request = new AdmissionLoad(0).request(0).body();
            String answer = target.exchange(request).toString();
            if (!answer.contains("\"patch\":")) {
                throw new IllegalStateException("the webhook did not patch the sample admission: " + answer);
            }
            return answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** This JVM's resident set (VmRSS of /proc/self/status), -1 if unreadable. */
    private static long rssMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String etcdVersion() {
        try {
            Process p = new ProcessBuilder(EtcdBinary.locate().toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("unknown").replace("etcd Version: ", "");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
