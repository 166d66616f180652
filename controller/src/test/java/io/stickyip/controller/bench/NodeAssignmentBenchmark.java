package io.stickyip.controller.bench;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.testing.MotoServer;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.bench.Rounds;
import io.stickyip.controller.nodes.NodeAddressController;
import io.stickyip.controller.nodes.NodeSteps;
import io.stickyip.controller.nodes.NodeWriter;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node-address controller's own overhead (issue 11's benchmark): from a new selected Node to its Elastic
 * IP reserved in etcd, associated, read back and written onto the Node, i.e. one controller pass that finds
 * one new node, against a real etcd, moto on loopback and fabric8's API server mock; and the EC2 calls per
 * assignment and per release (node deleted), besides the minimum the API needs. In a cluster, add up to one
 * {@code STICKYIP_NODE_ADDRESS_INTERVAL} (default 15 s) of waiting for the pass. A measurement: it asserts
 * nothing.
 *
 * <p>{@code java ... NodeAssignmentBenchmark [ROUNDS]} (hack/bench-aws node, default 30 rounds).
 */
public final class NodeAssignmentBenchmark {
    static final Set<String> MUTATING = Set.of("AssociateAddress", "DisassociateAddress", "CreateTags", "DeleteTags");

    public static void main(String[] args) {
        Rounds.main("hack/bench-aws node", 30, NodeAssignmentBenchmark::run, args); // [ROUNDS], default 30
    }

    static void run(int rounds) throws Exception {
        try (EtcdProcess etcd = EtcdProcess.startNew();
                MotoServer moto = MotoServer.start();
                MotoWorld world = new MotoWorld(moto)) {
            KubernetesMockServer api = new KubernetesMockServer(
                    new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
            api.init();
            try (KubernetesClient client = api.createClient();
                    EtcdReservationStore store = new EtcdReservationStore(EtcdStoreConfig.of(etcd.endpoint())
                            .withPrefix("/bench/")
                            .withTimeout(Duration.ofSeconds(10)));
                    AwsCloud cloud = world.cloud()) {
                run(rounds, world, client, store, cloud);
            } finally {
                api.destroy();
            }
        }
    }

    static void run(int rounds, MotoWorld world, KubernetesClient client, EtcdReservationStore store, AwsCloud cloud)
            throws Exception {
        List<String> instances = world.instances(rounds + 5);
        for (int i = 0; i < rounds + 5; i++) {
            world.eip(Map.of("kubeip", "bench", "rank", String.format("%04d", i)));
        }
        NodeWriter writer = new NodeWriter(client, new EventRecorder(client, "bench", "", Clock.systemUTC()));
        NodeAddressController controller = new NodeAddressController(
                MotoWorld.CLUSTER,
                () -> List.of(pool()),
                store,
                new NodeSteps(MotoWorld.CLUSTER, cloud.nodes(), store, writer, 10_000),
                writer,
                10_000);
        for (int i = 0; i < 5; i++) { // warm-up: class loading, the first etcd and EC2 connections
            node(client, "warm-" + i, instances.get(i));
            controller.runOnce();
        }
        List<Long> assign = new ArrayList<>();
        List<Long> release = new ArrayList<>();
        Map<String, Long> assignCalls = new java.util.TreeMap<>();
        Map<String, Long> releaseCalls = new java.util.TreeMap<>();
        for (int r = 0; r < rounds; r++) {
            String name = "node-" + r;
            node(client, name, instances.get(5 + r));
            cloud.calls().reset();
            long t0 = System.nanoTime();
            controller.runOnce();
            assign.add(System.nanoTime() - t0);
            cloud.calls().calls().forEach((k, v) -> assignCalls.merge(k, v, Long::sum));
            if (client.nodes().withName(name).get().getMetadata().getAnnotations() == null) {
                throw new IllegalStateException("round " + r + ": node " + name + " got no address");
            }
            client.nodes().withName(name).delete();
            cloud.calls().reset();
            long t1 = System.nanoTime();
            controller.runOnce();
            release.add(System.nanoTime() - t1);
            cloud.calls().calls().forEach((k, v) -> releaseCalls.merge(k, v, Long::sum));
        }
        System.out.printf(
                "# node-address controller, %d rounds, %d nodes holding an address during each pass%n", rounds, 5);
        System.out.println(
                "| operation | one pass, p50 / p90 / max ms | EC2 calls per operation (mutating) | by action |");
        System.out.println("|---|---|---|---|");
        row("new node: reserved, associated, read back, written on the Node", assign, assignCalls, rounds);
        row("node deleted: disassociated, untagged, read back, freed", release, releaseCalls, rounds);
    }

    static void row(String what, List<Long> nanos, Map<String, Long> calls, int rounds) {
        List<Long> sorted = nanos.stream().sorted().toList();
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        long mutating = calls.entrySet().stream()
                .filter(e -> MUTATING.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        StringBuilder by = new StringBuilder();
        calls.forEach((k, v) -> by.append(by.isEmpty() ? "" : ", ")
                .append(k)
                .append(' ')
                .append(String.format("%.1f", (double) v / rounds)));
        System.out.printf(
                "| %s | %.1f / %.1f / %.1f | %.1f (%.1f) | %s |%n",
                what,
                ms(sorted, 0.5),
                ms(sorted, 0.9),
                sorted.getLast() / 1e6,
                (double) total / rounds,
                (double) mutating / rounds,
                by);
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
    }

    static void node(KubernetesClient client, String name, String instance) {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("nodegroup", "public")
                        .endMetadata()
                        .withNewSpec()
                        .withProviderID("aws:///us-east-1a/" + instance)
                        .endSpec()
                        .build())
                .create();
    }

    static IPPool pool() {
        return Pools.awsNode("bench", "Name=tag:kubeip,Values=bench", s -> {
            s.getProvider().setOrderBy("Tag:rank");
            s.setNodeSelector(Map.of("nodegroup", "public"));
        });
    }
}
