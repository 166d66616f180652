package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pods on the real nodes of the local cluster (kubelet, containerd, runc, the CNI bridge, each
 * node in network and mount namespaces of its own): sandboxes with their CNI address, pod-to-pod
 * traffic across nodes without SNAT, exec and logs through the API server, clean deletion.
 */
class RealNodesE2EIT {
    static final String NS = "e2e-real";
    static final Duration WAIT = Duration.ofSeconds(60);

    static ClusterHarness cluster;
    static KubernetesClient k;
    static RealPods pods;
    static List<String> nodes;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        k = cluster.client();
        pods = new RealPods(cluster);
        nodes = cluster.realNodes();
        assumeTrue(
                !"0".equals(System.getProperty("stickyip.e2e.realNodes", "2")),
                "real nodes turned off (-Dstickyip.e2e.realNodes=0)");
        assertThat(nodes).as("real nodes of the e2e cluster").hasSizeGreaterThanOrEqualTo(2);
        k.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    static Pod createAndAwaitReady(String name, String node) {
        k.resource(RealPods.echoPod(NS, name, node)).create();
        return await().atMost(WAIT)
                .until(() -> k.pods().inNamespace(NS).withName(name).get(), RealPods::isReady);
    }

    @Test
    void aPodOnEachRealNodeIsReadyInASandboxWhoseNetnsHoldsItsCniAddress() {
        for (String node : nodes) {
            Pod pod = createAndAwaitReady("sandbox-" + node, node);
            String podCidr = cluster.nodeEnv(node).get("STICKYIP_NODE_POD_CIDR");
            String ip = pod.getStatus().getPodIP();
            assertThat(pod.getSpec().getNodeName()).isEqualTo(node);
            assertThat(ip)
                    .as("pod IP on %s (pod CIDR %s)", node, podCidr)
                    .startsWith(podCidr.substring(0, podCidr.lastIndexOf('.') + 1));

            String sandbox = pods.sandboxId(node, pod.getMetadata().getUid())
                    .orElseThrow(() -> new AssertionError(
                            "no sandbox of " + pod.getMetadata().getName() + " in the containerd of " + node));
            String netns = pods.netnsPath(node, sandbox);
            assertThat(netns).startsWith("/var/run/netns/cni-");
            assertThat(pods.ipv4AddressesIn(node, netns))
                    .as("eth0 of %s", netns)
                    .contains("inet " + ip + "/24");
        }
    }

    @Test
    void aPodOnOneNodeReachesAPodOnTheOtherAndIsSeenFromItsOwnAddress() throws Exception {
        Pod server = createAndAwaitReady("server", nodes.get(1));
        Pod client = createAndAwaitReady("client", nodes.get(0));
        String serverIp = server.getStatus().getPodIP();
        String clientIp = client.getStatus().getPodIP();

        String answer = exec("client", "nc", "-w", "5", serverIp, Integer.toString(RealPods.ECHO_PORT));
        assertThat(answer)
                .as("what the server on %s answered the client on %s", nodes.get(1), nodes.get(0))
                .startsWith("peer=" + clientIp + ":")
                .contains("local=" + serverIp + ":" + RealPods.ECHO_PORT)
                .contains("host=server");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                k.pods().inNamespace(NS).withName("server").getLog())
                        .contains("connection from " + clientIp + ":"));
    }

    @Test
    void deletingAPodRemovesItsSandboxAndItsNetworkNamespace() {
        String node = nodes.getFirst();
        Pod pod = createAndAwaitReady("doomed", node);
        String uid = pod.getMetadata().getUid();
        String sandbox = pods.sandboxId(node, uid).orElseThrow();
        String netns = pods.netnsPath(node, sandbox);
        assertThat(pods.existsOnNode(node, netns))
                .as("%s before deletion", netns)
                .isTrue();

        k.pods().inNamespace(NS).withName("doomed").delete();
        await().atMost(WAIT)
                .until(() -> k.pods().inNamespace(NS).withName("doomed").get() == null);
        // stopping the sandbox (kubelet's StopPodSandbox) ends its process and removes its netns
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(pods.hasTask(node, sandbox))
                    .as("sandbox %s still runs", sandbox)
                    .isFalse();
            assertThat(pods.existsOnNode(node, netns))
                    .as("%s after deletion", netns)
                    .isFalse();
        });
        // the sandbox itself goes at kubelet's next container garbage collection (every minute)
        await().atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pods.sandboxId(node, uid))
                        .as("sandbox of the deleted pod")
                        .isEmpty());
    }

    @Test
    void execAndLogsReachTheContainerOnARealNode() throws Exception {
        createAndAwaitReady("talker", nodes.getLast());
        assertThat(exec("talker", "sh", "-c", "echo hello from $(hostname)")).isEqualTo("hello from talker\n");
        assertThat(k.pods().inNamespace(NS).withName("talker").getLog())
                .contains("echo-server: listening on [::]:" + RealPods.ECHO_PORT);
    }

    /** {@code kubectl exec} through the API server and the node's kubelet; the command's stdout. */
    static String exec(String pod, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = k.pods()
                .inNamespace(NS)
                .withName(pod)
                .inContainer("echo")
                .writingOutput(out)
                .writingError(err)
                .exec(command)) {
            Integer code = watch.exitCode().get(30, TimeUnit.SECONDS);
            assertThat(code)
                    .as("exit of %s in %s (stderr: %s)", List.of(command), pod, err.toString(StandardCharsets.UTF_8))
                    .isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
