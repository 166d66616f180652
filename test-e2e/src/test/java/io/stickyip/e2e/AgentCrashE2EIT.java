package io.stickyip.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.stickyip.e2e.FixedAddresses.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent killed (as kill -9: the process halts, no shutdown hook) after its k-th step, for every k of
 * a pod's plumbing and of its removal (STICKYIP_AGENT_CRASH_AFTER_STEPS: a step is a Lease write, a
 * condition written, or an iproute2 command that changes something). Started again, it converges: the
 * pod's address answers, then, the pod deleted, nothing is left on the node (links, proxies, routes in the
 * node's namespace; links and rules in every sandbox's) and its Lease lists nothing.
 */
class AgentCrashE2EIT {
    /** The restart's first renewal, then a macvlan IPv4 ADD: the claim, 12 commands, the condition; one more to be sure. */
    static final int ADD_STEPS = 16;
    /** The restart's first renewal and announcement, then a DEL: 10 commands and the release; one more to be sure. */
    static final int DEL_STEPS = 14;

    static ClusterHarness cluster;
    static KubernetesClient k;
    static FixedAddresses lan;
    static String node;
    static String fixed;

    @BeforeAll
    static void setUp() {
        lan = FixedAddresses.onRealNodes();
        cluster = lan.cluster;
        k = lan.k;
        node = cluster.realNodes().getLast();
        fixed = lan.free.getFirst();
    }

    @AfterAll
    static void cleanUp() {
        if (lan != null) {
            lan.deleteAll();
            cluster.agent("restart", node, Map.of());
        }
    }

    /** A test that failed half-way leaves its Deployment: the next one starts from none. */
    @AfterEach
    void deleteWhatIsLeft() {
        lan.deleteAll();
    }

    @Test
    void killedAtEachStepOfAPlumbingItConvergesOnRestart() {
        List<String> report = new ArrayList<>();
        for (int step = 1; step <= ADD_STEPS; step++) {
            cluster.agent("restart", node, Map.of("STICKYIP_AGENT_CRASH_AFTER_STEPS", Integer.toString(step)));
            k.resource(lan.deployment("crash", node, fixed)).create();
            boolean crashed = awaitCrashOrReady();
            cluster.agent(crashed ? "start" : "restart", node, Map.of());
            Pod pod = lan.awaitReady("crash", node);
            assertThat(lan.fromLan(fixed)).as("after a crash at step %d of the plumbing", step).contains("host=" + pod.getMetadata().getName());
            removeAndCheckClean("after a crash at step " + step + " of the plumbing");
            report.add(step + (crashed ? ":crashed" : ":done"));
        }
        System.err.println("crash during plumbing, by step: " + report);
        assertThat(report).as("the hook stopped the agent at least at the first steps").contains("1:crashed", "2:crashed");
    }

    @Test
    void killedAtEachStepOfARemovalItConvergesOnRestart() {
        List<String> report = new ArrayList<>();
        for (int step = 1; step <= DEL_STEPS; step++) {
            cluster.agent("restart", node, Map.of());
            k.resource(lan.deployment("crash", node, fixed)).create();
            lan.awaitReady("crash", node);
            cluster.agent("restart", node, Map.of("STICKYIP_AGENT_CRASH_AFTER_STEPS", Integer.toString(step)));
            k.apps().deployments().inNamespace(NS).withName("crash").delete();
            // done: the pod gone and its address out of the node's Lease; or the hook halted the agent first
            await().atMost(FixedAddresses.WAIT).until(() -> !agentRunning() || (lan.pods("crash").isEmpty() && lan.attached(node).isEmpty()));
            // the hook may halt right after the step that emptied the Lease: give a halt in progress a moment
            boolean crashed = haltsWithin(Duration.ofSeconds(5));
            cluster.agent(crashed ? "start" : "restart", node, Map.of());
            removeAndCheckClean("after a crash at step " + step + " of the removal");
            report.add(step + (crashed ? ":crashed" : ":done"));
        }
        System.err.println("crash during removal, by step: " + report);
        assertThat(report).contains("1:crashed");
    }

    /** True if the agent halted (the hook), false if the pod went Ready first (fewer steps than k). */
    boolean awaitCrashOrReady() {
        // the process, not its port: an armed agent is not listening yet while it starts (and may halt before it does)
        await().atMost(FixedAddresses.WAIT).until(() -> !agentRunning() || lan.pods("crash").stream().anyMatch(RealPods::isReady));
        return !agentRunning();
    }

    /** True once the agent's process is gone within {@code bound}, false if it still runs then. */
    static boolean haltsWithin(Duration bound) {
        try {
            await().atMost(bound).until(() -> !agentRunning());
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    /** The agent's process (its pid file in the cluster's state dir) runs: neither gone nor a zombie. */
    static boolean agentRunning() {
        Path pidFile = Path.of(cluster.clusterEnv().get("STICKYIP_STATE"), "pids", "stickyip-agent-" + node + ".pid");
        try {
            String pid = Files.readString(pidFile).trim();
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (java.io.IOException e) {
            return false; // no pid file, or no such process
        }
    }

    void removeAndCheckClean(String when) {
        k.apps().deployments().inNamespace(NS).withName("crash").delete();
        await().atMost(FixedAddresses.WAIT).until(() -> k.pods().inNamespace(NS).withLabel("app", "crash").list().getItems().isEmpty());
        await().atMost(FixedAddresses.WAIT).untilAsserted(() -> {
            assertThat(lan.attached(node)).as("the Lease of %s %s", node, when).isEmpty();
            assertThat(lan.leftovers(node)).as("left on %s %s", node, when).isEmpty();
            assertThat(lan.fromLan(fixed)).as("%s %s", fixed, when).isEmpty();
        });
    }
}
