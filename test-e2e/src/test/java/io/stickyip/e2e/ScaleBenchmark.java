package io.stickyip.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.stickyip.bench.Bench;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Scale in the local cluster (issue 12): PODS pods (40 % bare pods, 40 % in Deployments of 100, 20 % in
 * StatefulSets of 100) created through the real kube-apiserver onto the KWOK nodes `hack/cluster` made, with
 * the webhooks, the extender and the stand-in agent in place; in mode {@code fixed} every pod claims an
 * address from one pool ({@code stickyip.io/pool}), in mode {@code plain} none does (the baseline). Prints
 * the time until every pod is scheduled and the API server's own
 * {@code apiserver_admission_webhook_admission_duration_seconds} for stickyip's webhook (p50/p99 from the
 * histogram's buckets, estimated by linear interpolation as Prometheus does), and, in mode fixed, a check
 * straight in stickyip's etcd (EtcdReader, the environment of {@code hack/cluster env}) that every address
 * a pod carries is held once, by that pod's workload, and no two live pods carry one. The extender's latency
 * is read from its /metrics by hack/scale. A measurement: it prints, it does not assert.
 *
 * <pre>ScaleBenchmark KUBECONFIG PODS MODE(fixed|plain) TIMEOUT_SECONDS</pre>
 */
public final class ScaleBenchmark {
    static final String NS = "scale";
    static final String POOL = "scale";
    static final int GROUP = 100;

    enum Mode {
        plain,
        fixed
    }

    /** The command line (picocli): usage errors exit 2 naming the value; a failed run also exits 2, as hack/scale expects. */
    @Command(name = "ScaleBenchmark", mixinStandardHelpOptions = true)
    static final class Cli implements Callable<Integer> {
        @Parameters(index = "0", description = "the kubeconfig of the cluster hack/scale started")
        Path kubeconfig;

        @Parameters(index = "1", description = "pods to create")
        int pods;

        @Parameters(index = "2", description = "plain or fixed (pods with a fixed address from the pool)")
        Mode mode;

        @Parameters(index = "3", description = "seconds to wait for all pods to be scheduled")
        long timeout;

        @Override
        public Integer call() {
            try {
                measure(kubeconfig, pods, mode, timeout);
                return 0;
            } catch (Exception | Error e) {
                e.printStackTrace();
                return 2; // Bench.main exits: the clients' threads would keep the JVM (and hack/scale) waiting
            }
        }
    }

    public static void main(String[] args) {
        Bench.main(new Cli(), args);
    }

    static void measure(Path kubeconfig, int pods, Mode mode, long timeout) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        config.setRequestTimeout(60_000);
        boolean fixed = mode == Mode.fixed;
        try (KubernetesClient k =
                new KubernetesClientBuilder().withConfig(config).build()) {
            k.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NS)
                            .endMetadata()
                            .build())
                    .serverSideApply();
            if (fixed) {
                // never carries traffic: KWOK pods run nothing
                IPPool pool = Pools.pool(POOL, "10.128.0.0/14", spec -> {
                    spec.setNamespaces(List.of(NS));
                });
                k.resources(IPPool.class).resource(pool).serverSideApply();
            }
            Map<String, Double> before = webhookHistogram(k);
            Set<String> scheduled = ConcurrentHashMap.newKeySet();
            long start = System.nanoTime();
            try (Watch w = k.pods().inNamespace(NS).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (pod.getSpec().getNodeName() != null
                            && !pod.getSpec().getNodeName().isEmpty()) {
                        scheduled.add(pod.getMetadata().getName());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {}
            })) {
                long created = create(k, pods, fixed);
                System.out.printf("mode=%s pods=%d created_s=%.1f%n", mode, pods, (created - start) / 1e9);
                long deadline = start + TimeUnit.SECONDS.toNanos(timeout);
                int last = -1;
                while (scheduled.size() < pods && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    if (scheduled.size() / 1000 != last / 1000) {
                        last = scheduled.size();
                        System.out.printf("  %.0f s: %d scheduled%n", (System.nanoTime() - start) / 1e9, last);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "mode=%s pods=%d scheduled=%d all_scheduled_s=%s pods_per_s=%.1f%n",
                        mode,
                        pods,
                        scheduled.size(),
                        scheduled.size() >= pods
                                ? String.format("%.1f", seconds)
                                : "(not all within " + timeout + " s)",
                        scheduled.size() / seconds);
            }
            Map<String, Double> after = webhookHistogram(k);
            Map<String, Double> delta = new LinkedHashMap<>();
            after.forEach((le, v) -> delta.put(le, v - before.getOrDefault(le, 0.0)));
            System.out.printf(
                    "mode=%s webhook_admission_duration calls=%.0f p50_ms=%s p99_ms=%s%n",
                    mode, delta.getOrDefault("+Inf", 0.0), quantileMs(delta, 0.5), quantileMs(delta, 0.99));
            if (fixed) {
                check(k);
            }
        }
    }

    /** Every pod's addresses are its workload's in etcd ({@code ips/A}), and no address is on two live pods. */
    static void check(KubernetesClient k) {
        Map<String, String> ips = new LinkedHashMap<>();
        new EtcdReader(Path.of("").toAbsolutePath(), System.getenv())
                .read("/stickyip/v1/ips/")
                .forEach((key, holder) -> ips.put(key.substring(key.lastIndexOf('/') + 1), holder));
        Map<String, String> carrier = new LinkedHashMap<>();
        int pods = 0;
        int wrongHolder = 0;
        int twice = 0;
        int without = 0;
        for (Pod p : k.pods().inNamespace(NS).list().getItems()) {
            if (p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            pods++;
            Map<String, String> a = p.getMetadata().getAnnotations() == null
                    ? Map.of()
                    : p.getMetadata().getAnnotations();
            String reserved = a.get("stickyip.io/reserved-ip");
            String workload = a.get("stickyip.io/workload");
            if (reserved == null || workload == null) {
                without++;
                continue;
            }
            for (String addr : reserved.split(",")) {
                if (!workload.equals(ips.get(addr))) {
                    wrongHolder++;
                }
                if (carrier.put(addr, p.getMetadata().getName()) != null) {
                    twice++;
                }
            }
        }
        System.out.printf(
                "etcd check: pods=%d addresses_held=%d pods_without_address=%d address_not_held_by_the_pods_workload=%d "
                        + "address_on_two_live_pods=%d%n",
                pods, ips.size(), without, wrongHolder, twice);
    }

    static long create(KubernetesClient k, int pods, boolean fixed) throws Exception {
        Map<String, String> annotations = fixed ? Map.of("stickyip.io/pool", POOL) : Map.of();
        int bare = pods * 4 / 10;
        int deployments = pods * 4 / 10 / GROUP;
        int sets = (pods - bare - deployments * GROUP) / GROUP;
        int rest = pods - bare - deployments * GROUP - sets * GROUP;
        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < bare + rest; i++) {
            String name = "bare-" + i;
            done.add(threads.submit(() -> k.pods()
                    .inNamespace(NS)
                    .resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withAnnotations(annotations)
                            .addToLabels("app", name)
                            .endMetadata()
                            .withSpec(spec())
                            .build())
                    .create()));
        }
        for (int i = 0; i < deployments; i++) {
            String name = "deploy-" + i;
            done.add(threads.submit(() -> k.apps()
                    .deployments()
                    .inNamespace(NS)
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(GROUP)
                            .withNewStrategy()
                            .withType("Recreate")
                            .endStrategy()
                            .withNewSelector()
                            .addToMatchLabels("app", name)
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", name)
                            .withAnnotations(annotations)
                            .endMetadata()
                            .withSpec(spec())
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create()));
        }
        for (int i = 0; i < sets; i++) {
            String name = "set-" + i;
            done.add(threads.submit(() -> k.apps()
                    .statefulSets()
                    .inNamespace(NS)
                    .resource(new StatefulSetBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(GROUP)
                            .withServiceName(name)
                            .withPodManagementPolicy("Parallel")
                            .withNewSelector()
                            .addToMatchLabels("app", name)
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", name)
                            .withAnnotations(annotations)
                            .endMetadata()
                            .withSpec(spec())
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create()));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();
        return System.nanoTime();
    }

    static PodSpec spec() {
        return new PodSpecBuilder()
                .withNodeSelector(Map.of("type", "kwok"))
                .withTolerations(new Toleration("NoSchedule", "kwok.x-k8s.io/node", "Exists", null, null))
                .addToContainers(Pods.app())
                .build();
    }

    static final Pattern BUCKET =
            Pattern.compile("apiserver_admission_webhook_admission_duration_seconds_bucket\\{([^}]*)\\} ([0-9.e+-]+)");

    /** Cumulative bucket counts (by le) summed over stickyip's webhooks (every operation and type). */
    static Map<String, Double> webhookHistogram(KubernetesClient k) {
        String metrics = k.raw("/metrics");
        Map<String, Double> buckets = new LinkedHashMap<>();
        Matcher m = BUCKET.matcher(metrics == null ? "" : metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (!labels.contains("name=\"") || !labels.contains("stickyip")) {
                continue;
            }
            Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(labels);
            if (le.find()) {
                buckets.merge(le.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return buckets;
    }

    /** The q-quantile in ms from cumulative buckets, interpolated within the bucket (histogram_quantile). */
    static String quantileMs(Map<String, Double> cumulative, double q) {
        double total = cumulative.getOrDefault("+Inf", 0.0);
        if (total == 0) {
            return "(no calls)";
        }
        double rank = q * total;
        double prevLe = 0;
        double prevCount = 0;
        List<Map.Entry<String, Double>> sorted = cumulative.entrySet().stream()
                .filter(e -> !e.getKey().equals("+Inf"))
                .sorted((a, b) -> Double.compare(Double.parseDouble(a.getKey()), Double.parseDouble(b.getKey())))
                .toList();
        for (Map.Entry<String, Double> e : sorted) {
            double le = Double.parseDouble(e.getKey());
            if (e.getValue() >= rank) {
                double within = e.getValue() == prevCount ? 0 : (rank - prevCount) / (e.getValue() - prevCount);
                return String.format("%.1f", (prevLe + (le - prevLe) * within) * 1000);
            }
            prevLe = le;
            prevCount = e.getValue();
        }
        return "> " + String.format("%.0f", prevLe * 1000);
    }
}
