package io.stickyip.extender.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.stickyip.bench.Bench;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scheduling throughput in the local cluster (hack/cluster, KWOK nodes): N pods are created while
 * kube-scheduler is stopped, then it starts, with or without the extender, and binds them; the
 * rate is (N - 1) / (last bind - first bind), the binds seen by a watch. Four runs on one cluster:
 * fixed-address pods with the extender and without any extender configured, plain pods with and
 * without, after one unmeasured warm-up run with the extender. A measurement, not a test: it asserts nothing. Run with {@code hack/bench-extender throughput}.
 */
public final class ThroughputBenchmark {
    static final String POOL = "bench";
    static final Duration BIND_TIMEOUT = Duration.ofMinutes(15);

    private ThroughputBenchmark() {}

    record Run(String name, boolean fixed, boolean extender) {}

    record Result(
            Run run,
            int pods,
            double seconds,
            double podsPerSecond,
            double extenderCallsDelta,
            double serverMillisPerCall) {}

    /** The command line (picocli): usage errors exit 2 naming the value, a failed run 1. */
    @Command(name = "hack/bench-extender throughput", mixinStandardHelpOptions = true, sortOptions = false)
    static final class Cli implements Callable<Integer> {
        @Option(names = "--kubeconfig", required = true, description = "the cluster hack/bench-extender started")
        Path kubeconfig;

        @Option(names = "--pods", defaultValue = "1000", description = "pods per run (default ${DEFAULT-VALUE})")
        int pods;

        @Option(
                names = "--nodes",
                defaultValue = "1000",
                description = "KWOK nodes of the cluster (default ${DEFAULT-VALUE})")
        int nodes;

        @Override
        public Integer call() throws Exception {
            run(kubeconfig, pods, nodes);
            return 0;
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    static void run(Path kubeconfig, int pods, int nodes) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        config.setRequestTimeout(60_000);
        config.setMaxConcurrentRequests(64);
        config.setMaxConcurrentRequestsPerHost(64);
        try (KubernetesClient k =
                new KubernetesClientBuilder().withConfig(config).build()) {
            pool(k);
            List<Run> runs = List.of(
                    new Run("fixed-IP pods, extender", true, true),
                    new Run("fixed-IP pods, no extender", true, false),
                    new Run("plain pods, extender", false, true),
                    new Run("plain pods, no extender", false, false));
            List<Result> results = new ArrayList<>();
            // a freshly started extender answers its first thousands of calls before the JIT has compiled
            // them; an extender runs for days: warm both replicas up with one unmeasured run
            Result warmup = measure(k, new Run("warm-up: fixed-IP pods, extender", true, true), "bench-warmup", pods);
            System.err.printf(
                    Locale.ROOT,
                    "warm-up: %.1f pods/s, %.3f ms per call in the extender%n",
                    warmup.podsPerSecond(),
                    warmup.serverMillisPerCall());
            int i = 0;
            for (Run run : runs) {
                results.add(measure(k, run, "bench-" + i++, pods));
            }
            System.out.printf(
                    Locale.ROOT,
                    "# scheduling throughput: %d KWOK nodes, %d pods per run, kube-scheduler started once "
                            + "all pods exist; rate = (pods - 1) / (last bind - first bind)%n",
                    nodes,
                    pods);
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %6s %10s %10s %16s %22s%n",
                    "run",
                    "pods",
                    "seconds",
                    "pods/s",
                    "extender calls",
                    "ms per call in server");
            for (Result r : results) {
                System.out.printf(
                        Locale.ROOT,
                        "%-28s %6d %10.2f %10.1f %16.0f %22.3f%n",
                        r.run().name(),
                        r.pods(),
                        r.seconds(),
                        r.podsPerSecond(),
                        r.extenderCallsDelta(),
                        r.serverMillisPerCall());
            }
            System.out.printf(
                    Locale.ROOT,
                    "ratio fixed-IP pods, extender / no extender: %.2f (target >= 0.5)%n",
                    results.get(0).podsPerSecond() / results.get(1).podsPerSecond());
            System.out.printf(
                    Locale.ROOT,
                    "ratio plain pods, extender configured / not: %.2f (target >= 0.95)%n",
                    results.get(2).podsPerSecond() / results.get(3).podsPerSecond());
        }
        System.exit(0);
    }

    static void pool(KubernetesClient k) {
        // two thirds of hack/cluster's nodes: the filter has work to do
        IPPool pool = Pools.pool(POOL, "10.60.0.0/16", s -> s.setZones(List.of("zone-a", "zone-b")));
        k.resources(IPPool.class).resource(pool).serverSideApply();
        // both webhook replicas' pool informers have it once two dry-run admissions in a row pass
        Pod probe = pod("probe", true);
        probe.getMetadata().setNamespace("default");
        await().atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> k.resource(probe).dryRun().create() != null
                        && k.resource(probe).dryRun().create() != null);
    }

    static Result measure(KubernetesClient k, Run run, String ns, int count) throws Exception {
        scheduler("stop");
        k.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .serverSideApply();
        create(k, ns, run.fixed(), count);
        Map<String, Long> bound = new ConcurrentHashMap<>();
        Watch watch = k.pods().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (pod.getSpec().getNodeName() != null) {
                    bound.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                System.err.println("watch closed: " + cause);
            }
        });
        double callsBefore = extenderMetric("stickyip_extender_calls_total");
        double serverSecondsBefore = extenderMetric("stickyip_extender_call_duration_seconds_sum");
        try {
            scheduler(run.extender() ? "on" : "off");
            await().atMost(BIND_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> bound.size() >= count);
        } finally {
            watch.close();
        }
        double callsDelta = extenderMetric("stickyip_extender_calls_total") - callsBefore;
        double serverSeconds = extenderMetric("stickyip_extender_call_duration_seconds_sum") - serverSecondsBefore;
        long first = bound.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = bound.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        double seconds = (last - first) / 1e9;
        System.err.printf(Locale.ROOT, "%s: %d pods bound in %.2f s%n", run.name(), count, seconds);
        // the next run starts on a quiet cluster: this one's pods gone (the namespace controller deletes them)
        k.namespaces().withName(ns).delete();
        await().atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> k.namespaces().withName(ns).get() == null);
        return new Result(
                run,
                count,
                seconds,
                (count - 1) / seconds,
                callsDelta,
                callsDelta == 0 ? 0 : serverSeconds * 1000 / callsDelta);
    }

    static void create(KubernetesClient k, String ns, boolean fixed, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "p-" + i;
                done.add(pool.submit(() ->
                        k.pods().inNamespace(ns).resource(pod(name, fixed)).create()));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.err.printf(Locale.ROOT, "%s: %d pods created%n", ns, count);
    }

    static Pod pod(String name, boolean fixed) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(fixed ? Map.of("stickyip.io/pool", POOL) : Map.of())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.example/app:1")
                .withNewResources()
                .addToRequests("cpu", new Quantity("10m"))
                .addToRequests("memory", new Quantity("16Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    /** {@code hack/cluster extender scheduler on|off|stop} in this benchmark's cluster (STICKYIP_STATE from the environment). */
    static void scheduler(String action) throws Exception {
        Process p = new ProcessBuilder("hack/cluster", "extender", "scheduler", action)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("hack/cluster extender scheduler " + action + " failed");
        }
    }

    /** A metric's samples summed over both extender replicas (their /metrics, through the cluster's env). */
    static double extenderMetric(String metric) throws Exception {
        Process p = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source <(hack/cluster env) && for port in $STICKYIP_EXTENDER_PORT_1 "
                                + "$STICKYIP_EXTENDER_PORT_2; do curl -fsS --cacert \"$STICKYIP_EXTENDER_CA\" https://127.0.0.1:$port/metrics; done "
                                + "| awk '/^" + metric + "[{ ]/ {s += $2} END {print s + 0}'")
                .redirectErrorStream(false)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
            throw new IllegalStateException("could not read " + metric + " from the extender");
        }
        return Double.parseDouble(out);
    }
}
