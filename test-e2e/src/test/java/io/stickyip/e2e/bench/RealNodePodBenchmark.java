package io.stickyip.e2e.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.stickyip.bench.Bench;
import io.stickyip.bench.Latencies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Pod create-to-Ready on the local cluster's real nodes (hack/bench-nodes): N pods of the test
 * image, each pinned to no node in particular (the scheduler spreads them over the real nodes),
 * created either one after the other (each waits for the previous one to be Ready) or all at
 * once from 16 threads. The time of a pod is from just before its create call to the watch event
 * that first shows it Ready. Prints p50, p90, p99 and max per mode. A measurement: asserts nothing.
 *
 * <pre>RealNodePodBenchmark KUBECONFIG [PODS] [MODES]     MODES: sequential,burst</pre>
 */
public final class RealNodePodBenchmark {
    static final String NS = "bench";

    private final KubernetesClient k;
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> ready = new ConcurrentHashMap<>();
    private final Map<String, String> nodeOf = new ConcurrentHashMap<>();

    private RealNodePodBenchmark(KubernetesClient k) {
        this.k = k;
    }

    /** The command line (picocli): usage errors exit 2 naming the value, a failed run 1. */
    @Command(name = "hack/bench-nodes", mixinStandardHelpOptions = true)
    static final class Cli implements Callable<Integer> {
        @Parameters(index = "0", description = "the kubeconfig of the cluster hack/bench-nodes started")
        Path kubeconfig;

        @Parameters(
                index = "1",
                arity = "0..1",
                defaultValue = "100",
                description = "pods per mode (default ${DEFAULT-VALUE})")
        int pods;

        @Parameters(
                index = "2",
                arity = "0..1",
                split = ",",
                defaultValue = "sequential,burst",
                description = "modes, of sequential,burst (default ${DEFAULT-VALUE})")
        List<String> modes;

        @Override
        public Integer call() throws Exception {
            run(kubeconfig, pods, modes);
            return 0;
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    static void run(Path kubeconfig, int pods, List<String> modes) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        try (KubernetesClient k =
                new KubernetesClientBuilder().withConfig(config).build()) {
            k.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NS)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            System.out.printf(
                    "%-11s %5s %8s %8s %8s %8s %8s  %s%n",
                    "mode", "pods", "p50 ms", "p90 ms", "p99 ms", "max ms", "wall s", "pods per node");
            for (String mode : modes) {
                new RealNodePodBenchmark(k).run(mode, pods);
            }
        }
    }

    private void run(String mode, int n) throws Exception {
        CountDownLatch allReady = new CountDownLatch(n);
        long start = System.nanoTime();
        try (Watch w = k.pods().inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                if (isReady(pod) && ready.putIfAbsent(name, System.nanoTime()) == null) {
                    nodeOf.put(name, pod.getSpec().getNodeName());
                    allReady.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            if (mode.equals("sequential")) {
                for (int i = 0; i < n; i++) {
                    String name = create(mode, i);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (!ready.containsKey(name) && System.nanoTime() < deadline) {
                        TimeUnit.MILLISECONDS.sleep(2); // a benchmark's busy wait on the watch, not a test
                    }
                }
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(16);
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> create(mode, index)));
                }
                for (Future<String> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
                pool.shutdown();
            }
            if (!allReady.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException(mode + ": only " + ready.size() + " of " + n + " pods became Ready");
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        report(mode, n, wall);
        k.pods().inNamespace(NS).withLabel("bench", mode).withGracePeriod(0).delete();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!k.pods()
                        .inNamespace(NS)
                        .withLabel("bench", mode)
                        .list()
                        .getItems()
                        .isEmpty()
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private String create(String mode, int i) {
        String name = mode + "-" + i;
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("bench", mode)
                .endMetadata()
                .withNewSpec()
                .withNodeSelector(Map.of("stickyip.io/real-node", "true"))
                .addNewToleration()
                .withKey("stickyip.io/real-node")
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .endToleration()
                .withTerminationGracePeriodSeconds(5L)
                .addNewContainer()
                .withName("echo")
                .withImage("stickyip.local/echo:1")
                .withImagePullPolicy("Never")
                .endContainer()
                .endSpec()
                .build();
        created.put(name, System.nanoTime());
        k.resource(pod).create();
        return name;
    }

    private void report(String mode, int n, double wall) {
        Latencies ms = new Latencies();
        for (var e : ready.entrySet()) {
            ms.record(e.getValue() - created.get(e.getKey()));
        }
        Map<String, Long> perNode = new java.util.TreeMap<>();
        nodeOf.values().forEach(node -> perNode.merge(node, 1L, Long::sum));
        System.out.printf(
                "%-11s %5d %8.0f %8.0f %8.0f %8.0f %8.1f  %s%n",
                mode,
                n,
                ms.percentileMillis(50),
                ms.percentileMillis(90),
                ms.percentileMillis(99),
                ms.maxMillis(),
                wall,
                perNode);
    }

    static boolean isReady(Pod p) {
        return p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
