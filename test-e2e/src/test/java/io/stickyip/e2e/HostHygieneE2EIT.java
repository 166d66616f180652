package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stickyip.testing.host.HostChanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster of its own with two real nodes ({@code .local/e2e-hygiene-cluster}, control plane
 * only): after a {@code kill -9} of every one of its processes (control plane, kubelets,
 * containerds, their shims, the pods) {@code up} works again, and {@code down} leaves the host
 * exactly as the snapshot taken before the first {@code up} found it.
 */
class HostHygieneE2EIT {
    static final Duration UP = Duration.ofMinutes(10);

    @Test
    void upAfterAKill9OfEveryProcessWorksAndDownLeavesTheHostAsItFoundIt() {
        assumeTrue(
                !"0".equals(System.getProperty("stickyip.e2e.realNodes", "2")),
                "real nodes turned off (-Dstickyip.e2e.realNodes=0)");
        Path repo = LocalProcessCluster.repoRoot();
        Path state = repo.resolve(".local/e2e-hygiene-cluster");
        Map<String, String> env =
                Map.of("STICKYIP_STATE", state.toString(), "STICKYIP_REAL_NODES", "2", "STICKYIP_NODES", "1");
        // the agent's lab ITs (module agent-lab) run beside this module and add namespaces while they run
        try (HostChanges.Hold alone = HostChanges.MACHINE.alone()) {
            compareTheHostAroundUpKillAndDown(repo, state, env);
        }
    }

    private static void compareTheHostAroundUpKillAndDown(Path repo, Path state, Map<String, String> env) {
        HostSnapshot before = HostSnapshot.take(state);
        try {
            up(repo, env);
            Map<String, String> clusterEnv = LocalProcessCluster.parseEnv(
                    LocalProcessCluster.run(repo, env, Duration.ofMinutes(1), "hack/cluster", "env"));
            runAPodOnEachRealNode(clusterEnv);
            killEveryProcess(state, clusterEnv.get("STICKYIP_CLUSTER_ID"));
            up(repo, env);
            assertThat(LocalProcessCluster.run(repo, env, Duration.ofMinutes(1), "hack/cluster", "status"))
                    .contains("real-node-1-kubelet", "real-node-2-kubelet")
                    .doesNotContain("NOT RUNNING");
        } finally {
            LocalProcessCluster.run(repo, env, Duration.ofMinutes(3), "hack/cluster", "down");
        }
        HostSnapshot after = HostSnapshot.take(state);
        assertThat(before.size()).as("lines in the snapshot").isGreaterThan(1000);
        assertThat(before.diff(after))
                .as("what 'up', a kill -9 and 'down' changed on the host")
                .isEmpty();
    }

    static void up(Path repo, Map<String, String> env) {
        LocalProcessCluster.run(repo, env, UP, "hack/cluster", "up", "--control-plane-only");
    }

    /** Leaves a running pod (sandbox, netns, CNI address) on each real node for the kill. */
    static void runAPodOnEachRealNode(Map<String, String> clusterEnv) {
        Config config = Config.fromKubeconfig(read(Path.of(clusterEnv.get("KUBECONFIG"))));
        try (KubernetesClient k =
                new KubernetesClientBuilder().withConfig(config).build()) {
            for (String node : clusterEnv.get("STICKYIP_REAL_NODE_NAMES").split(",")) {
                k.resource(RealPods.echoPod("default", "left-on-" + node, node)).create();
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> k.pods().inNamespace("default").list().getItems().stream()
                                    .filter(p -> p.getMetadata().getName().startsWith("left-on-"))
                                    .filter(RealPods::isReady)
                                    .count()
                            == 2);
        }
    }

    /** SIGKILL to every pid file of the state dir and every process in the cluster's cgroups, until none is left. */
    static void killEveryProcess(Path state, String clusterId) {
        assertThat(clusterId).as("STICKYIP_CLUSTER_ID").matches("[0-9a-f]{6}");
        String script =
                "pids() { cat " + state + "/pids/*.pid 2>/dev/null; find /sys/fs/cgroup/pids/stickyip-" + clusterId
                        + " -name cgroup.procs -exec cat {} + 2>/dev/null; }; for i in $(seq 50); do p=$(pids | sort -u | while read -r x;"
                        + " do s=$(awk '{print $3}' /proc/$x/stat 2>/dev/null); [ -n \"$s\" ] && [ \"$s\" != Z ] && echo $x; done); [ -z \"$p\" ] && exit 0; kill -9 $p 2>/dev/null; sleep 0.1; done; exit 1";
        LocalProcessCluster.run(state.getParent(), Map.of(), Duration.ofMinutes(1), "bash", "-c", script);
        List<String> left =
                HostSnapshot.take(state).sections().get("processes").stream().toList();
        assertThat(left).as("processes naming %s after kill -9", state).isEmpty();
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
