package io.stickyip.e2e;

import static io.stickyip.e2e.FixedAddresses.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real node's agent killed (as kill -9: the process halts, no shutdown hook) at a few chosen steps of a pod's
 * plumbing and of its removal, then started again: the pod's address answers from the LAN, and once the pod is
 * deleted nothing is left on the node (links, proxies, routes in the node's namespace; links and rules in every
 * sandbox's) and its Lease lists nothing. The agent is agent-testing's CrashingAgent (hack/cluster runs it when
 * {@code STICKYIP_AGENT_CRASH_AFTER_STEPS} is set): it halts after the k-th step that
 * {@code STICKYIP_AGENT_CRASH_STEPS_MATCHING} finds, so each kill lands on the step named below whatever Lease
 * heartbeats happen meanwhile, and the agent's log says which step it was.
 *
 * <p>Every step is killed at in {@code AgentCrashIT} (agent-lab module: real namespaces, a mock API server, an in-memory
 * Lease); these four are the ones where the real processes around the agent matter.
 */
class AgentCrashE2EIT {

    /** A kill point: the k-th step matching, and why it is worth a real node. */
    enum KillPoint {
        /**
         * Plumbing, right after the macvlan link is made inside the pod's sandbox, before its address: the new
         * process must find that sandbox again through containerd's CRI (its netns path from the sandbox's status)
         * and finish over the link the dead one left there; AgentCrashIT's runtime is a stand-in.
         */
        PLUMBING_LINK_IN_THE_SANDBOX(true, "type macvlan", 1, "type macvlan"),
        /**
         * Plumbing, right after the condition: the kubelet turns the pod Ready on the readiness gate while the agent
         * is dead; the new process adopts its claims from the API server's Lease (server-side apply, a new
         * resourceVersion) and the address keeps answering on the nodes' real LAN.
         */
        PLUMBING_CONDITION_WRITTEN(true, "^condition$", 1, "condition"),
        /**
         * Removal, right after its first deletion (a policy rule of the pod): the kubelet goes on tearing the pod and
         * its sandbox down for real while the agent is dead; the new process finds the pod and sandbox gone or going
         * and must clean the node and release the claim.
         */
        REMOVAL_FIRST_DELETION(false, "\\srule del\\s", 1, "rule del"),
        /**
         * Removal, right after the pod's link is deleted, before the release: nothing is live, yet the API server's
         * Lease (what the scheduler extender and the other nodes' fences read) still lists the address; the new
         * process's start-up sweep must release it.
         */
        REMOVAL_BEFORE_THE_RELEASE(false, "\\slink del\\s", 1, "link del");

        final boolean plumbing;
        final String matching;
        final int after;
        final String logged;

        KillPoint(boolean plumbing, String matching, int after, String logged) {
            this.plumbing = plumbing;
            this.matching = matching;
            this.after = after;
            this.logged = logged;
        }

        Map<String, String> env() {
            return Map.of(
                    "STICKYIP_AGENT_CRASH_AFTER_STEPS",
                    Integer.toString(after),
                    "STICKYIP_AGENT_CRASH_STEPS_MATCHING",
                    matching);
        }
    }

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

    @ParameterizedTest(name = "killed {0}: converges on restart, then nothing left")
    @EnumSource(KillPoint.class)
    void killedAtAChosenStepItConvergesOnRestart(KillPoint kill) {
        String when = "after a crash " + kill;
        if (kill.plumbing) {
            restartArmed(kill);
            k.resource(lan.deployment("crash", node, fixed)).create();
            awaitHaltedAt(kill);
            cluster.agent("start", node, Map.of());
            Pod pod = lan.awaitReady("crash", node);
            assertThat(lan.fromLan(fixed))
                    .as(when)
                    .contains("host=" + pod.getMetadata().getName());
        } else {
            // the armed agent plumbs the pod itself (a plumbing deletes nothing), so the first deletion it makes is
            // its removal's: a restart armed after the plumbing could count the deletions of a start-up sweep
            restartArmed(kill);
            k.resource(lan.deployment("crash", node, fixed)).create();
            lan.awaitReady("crash", node);
            k.apps().deployments().inNamespace(NS).withName("crash").delete();
            awaitHaltedAt(kill);
            cluster.agent("start", node, Map.of());
        }
        removeAndCheckClean(when);
    }

    /**
     * The agent restarted with the kill point armed, and running (its start-up recovery done, its informers synced):
     * what follows reaches its reconcile, not its start-up sweep.
     */
    static void restartArmed(KillPoint kill) {
        cluster.agent("restart", node, kill.env());
        await().atMost(FixedAddresses.WAIT)
                .until(() -> !agentRunning()
                        || cluster.logOf("stickyip-agent-" + node).contains("agent running node="));
        assertThat(agentRunning()).as("the armed agent started without halting").isTrue();
    }

    /** The agent halted by the hook, at the chosen step (its log names it; read before a start replaces the log). */
    static void awaitHaltedAt(KillPoint kill) {
        // the process, not its port: an armed agent may halt before it listens
        await().atMost(FixedAddresses.WAIT).until(() -> !agentRunning());
        assertThat(cluster.logOf("stickyip-agent-" + node))
                .as("the agent's log")
                .containsPattern("crash hook: halting after step " + kill.after + " \\(.*"
                        + java.util.regex.Pattern.quote(kill.logged));
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
        await().atMost(FixedAddresses.WAIT)
                .until(() -> k.pods()
                        .inNamespace(NS)
                        .withLabel("app", "crash")
                        .list()
                        .getItems()
                        .isEmpty());
        await().atMost(FixedAddresses.WAIT).untilAsserted(() -> {
            assertThat(lan.attached(node)).as("the Lease of %s %s", node, when).isEmpty();
            assertThat(lan.leftovers(node)).as("left on %s %s", node, when).isEmpty();
            assertThat(lan.fromLan(fixed)).as("%s %s", fixed, when).isEmpty();
        });
    }
}
