package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.node.NodeAddressContract;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node pool of {@code provider: static} on a real node (issue 11, "addresses routed to the nodes: the agent
 * puts the address on the node"): the node-address controller in the controller deployable reserves 203.0.113.80 for the
 * selected real node and writes it onto the Node; the node's agent puts it on the node's LAN interface and
 * reports StickyipNodeAddressLive; the LAN client, routing 203.0.113.80 via the node (a routed additional IP,
 * the route only inside the LAN client's namespace, made by this test), reaches it. When the pool goes, the
 * agent takes the address off the node.
 */
class StaticNodeAddressE2EIT {
    static final String POOL = "e2e-routed";
    static final String ADDRESS = "203.0.113.80";
    static final Duration WAIT = Duration.ofSeconds(90);

    static ClusterHarness cluster;
    static KubernetesClient k;
    static String node;
    static String nodeIp;
    static String clientPid;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        assumeTrue(
                !"0".equals(System.getProperty("stickyip.e2e.realNodes", "2")),
                "real nodes turned off (-Dstickyip.e2e.realNodes=0)");
        k = cluster.client();
        node = cluster.realNodes().getFirst();
        nodeIp = k.nodes().withName(node).get().getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress)
                .findFirst()
                .orElseThrow();
        clientPid = cluster.clusterEnv().get("STICKYIP_LAN_CLIENT_PID");
        // the controller builds an EC2 client even for static pools; no aws pool exists here, so it is never called
        Map<String, String> env = Map.of(
                "STICKYIP_NODE_ADDRESSES",
                "true",
                "STICKYIP_NODE_ADDRESS_INTERVAL",
                "2s",
                "STICKYIP_AWS_REGION",
                "us-east-1",
                "STICKYIP_AWS_ENDPOINT",
                "http://127.0.0.1:9",
                "AWS_ACCESS_KEY_ID",
                "testing",
                "AWS_SECRET_ACCESS_KEY",
                "testing");
        cluster.stopController(2);
        cluster.stopController(1);
        cluster.startControllers(env);
        lan("ip", "route", "replace", ADDRESS + "/32", "via", nodeIp);
    }

    @AfterAll
    static void tearDown() {
        if (k == null) {
            return;
        }
        try {
            lan("ip", "route", "del", ADDRESS + "/32");
            k.resources(IPPool.class).withName(POOL).delete();
            k.nodes()
                    .withName(node)
                    .edit(n -> new NodeBuilder(n)
                            .editMetadata()
                            .removeFromAnnotations(NodeAddressContract.ADDRESS_ANNOTATION)
                            .removeFromLabels(NodeAddressContract.POOL_LABEL)
                            .endMetadata()
                            .build());
        } finally {
            cluster.stopController(1);
            cluster.stopController(2);
            cluster.startControllers(Map.of());
        }
    }

    static IPPool pool() {
        IPPool pool = Pools.pool(POOL, null, spec -> {
            spec.setScope(IPPoolSpec.Scope.Node);
            spec.setRanges(List.of(ADDRESS + "-203.0.113.81"));
            spec.setNodeSelector(Map.of("kubernetes.io/hostname", node));
        });
        return pool;
    }

    /** Runs a command in the LAN client's network namespace; its output (bounded: 5 s). */
    static String lan(String... command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--target", clientPid, "--net", "--"));
        argv.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "(timed out)";
            }
            return p.exitValue() + ":" + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(failed) " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    static boolean reachable() {
        return lan("busybox", "ping", "-c", "1", "-W", "1", ADDRESS).startsWith("0:");
    }

    static String live(Node n) {
        return n.getStatus().getConditions().stream()
                .filter(c -> NodeAddressContract.LIVE_CONDITION.equals(c.getType()))
                .map(c -> c.getStatus() + " " + c.getMessage())
                .findFirst()
                .orElse("(none)");
    }

    @Test
    void theSelectedNodeGetsTheAddressOnItsInterfaceReachableFromTheLanAndLosesItWhenThePoolGoes() {
        assertThat(reachable()).as("nothing answers before the pool exists").isFalse();

        k.resource(pool()).serverSideApply();

        await().atMost(WAIT).untilAsserted(() -> {
            Node n = k.nodes().withName(node).get();
            assertThat(n.getMetadata().getAnnotations()).containsEntry(NodeAddressContract.ADDRESS_ANNOTATION, ADDRESS);
            assertThat(n.getMetadata().getLabels()).containsEntry(NodeAddressContract.POOL_LABEL, POOL);
            assertThat(live(n)).isEqualTo("True " + ADDRESS);
        });
        assertThat(cluster.etcd("/stickyip/v1/node-addresses/eips/static-" + ADDRESS)
                        .values())
                .singleElement()
                .asString()
                .contains("\"node\":\"" + node + "\"");
        await().atMost(WAIT).until(StaticNodeAddressE2EIT::reachable);
        for (String other : cluster.realNodes().subList(1, cluster.realNodes().size())) {
            assertThat(k.nodes().withName(other).get().getMetadata().getAnnotations())
                    .doesNotContainKey(NodeAddressContract.ADDRESS_ANNOTATION);
        }

        k.resources(IPPool.class).withName(POOL).delete();

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(live(k.nodes().withName(node).get())).startsWith("False"));
        assertThat(reachable()).as("the agent took the address off the node").isFalse();
    }
}
