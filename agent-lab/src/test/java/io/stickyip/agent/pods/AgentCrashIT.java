package io.stickyip.agent.pods;

import static io.stickyip.core.testing.Pools.catalog;
import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.stickyip.agent.netns.CommandRunner;
import io.stickyip.agent.netns.lab.Lab;
import io.stickyip.agent.work.Outcome;
import io.stickyip.agent.work.Steps;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.Attachment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The node agent killed (as {@code kill -9}: after its k-th step nothing more of it runs) at every k of a pod's
 * plumbing and of its removal, then a fresh agent process over the same node (the kernel's namespaces, the node's
 * Lease, the pods, the runtime's sandboxes) converges: the plumbed pod's address is live (read back, answering ARP on
 * the LAN, the condition True, listed in the Lease); a removed pod leaves nothing in any namespace (links, addresses,
 * routes, rules, neighbours, proxies) and nothing in the Lease. A step is what the agent tells its {@code Steps}: a
 * Lease write, a condition, an iproute2 command that changes something. Real network namespaces (root, iproute2,
 * arping, na6; {@link Lab}), fabric8's mock API server, an in-memory Lease store; {@link NodeWorld} wires each agent
 * process as {@code NodeAgent} does. {@code AgentCrashE2EIT} keeps a few of these kills on a real node.
 */
@EnableKubernetesMockClient(crud = true)
class AgentCrashIT {
    /** Far more steps than a plumbing or a removal takes: a loop that never stops is a failure, not a hang. */
    static final int MOST_STEPS = 60;

    KubernetesClient kube;
    KubernetesMockServer server;
    NodeWorld world;

    /** What the pod asks for, in each attachment the agent offers on the lab's LAN (documentation addresses). */
    enum Case {
        MACVLAN_V4("192.0.2.50", "lan4", catalog(pool("lan4", "192.0.2.0/24", s -> {
            s.setGateway(Lab.GATEWAY4);
            s.setAttachment(attachment(Attachment.Mode.MACVLAN));
        }))),
        ROUTED_DUAL_STACK(
                "192.0.2.50,2001:db8:1::50",
                "lan4,lan6",
                catalog(
                        pool("lan4", "192.0.2.0/24", s -> {
                            s.setGateway(Lab.GATEWAY4);
                            s.setAttachment(attachment(Attachment.Mode.ROUTED));
                        }),
                        pool("lan6", "2001:db8:1::/64", s -> {
                            s.setGateway(Lab.GATEWAY6);
                            s.setAttachment(attachment(Attachment.Mode.ROUTED));
                        })));

        final String addresses;
        final String pools;
        final PoolCatalog catalog;

        Case(String addresses, String pools, PoolCatalog catalog) {
            this.addresses = addresses;
            this.pools = pools;
            this.catalog = catalog;
        }

        List<String> addressList() {
            return Arrays.asList(addresses.split(","));
        }

        static Attachment attachment(Attachment.Mode mode) {
            Attachment a = new Attachment();
            a.setMode(mode);
            a.setMaster(mode == Attachment.Mode.ROUTED ? null : "eth0");
            return a;
        }
    }

    /** Where the node is when the agent comes back after a kill during a removal. */
    enum Meanwhile {
        /** Back while the pod is still terminating: its reconcile takes the addresses off. */
        POD_TERMINATING,
        /** The pod's object gone, its sandbox not yet: the start-up sweep cleans the sandbox. */
        POD_GONE,
        /** Both gone (the kubelet tore the sandbox down): the sweep cleans the node and the Lease. */
        POD_AND_SANDBOX_GONE
    }

    /** How each restarted agent starts; the positive control's restart forgets its sweep. */
    interface Restart {
        void start(NodeWorld.Agent agent);

        Restart AS_THE_AGENT_DOES = NodeWorld.Agent::start;
    }

    @AfterEach
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    NodeWorld world(Case c) {
        world = new NodeWorld(kube, server, c.catalog);
        return world;
    }

    @ParameterizedTest(
            name =
                    "{0}: killed after each step of a plumbing, a restarted agent makes the address live, then removes it all")
    @EnumSource(Case.class)
    void killedAtEachStepOfAPlumbingARestartConverges(Case c) {
        Run run = plumbings(world(c), c, MOST_STEPS, UnaryOperator.identity());

        System.err.println(c + ": plumbing steps " + run.steps);
        assertThat(run.steps)
                .as("the steps of a plumbing: the claim, commands, the condition")
                .contains("lease write", "condition")
                .anyMatch(s -> s.startsWith("ip ") || s.startsWith("nsenter "));
        assertThat(run.crashes).as("killed after each step but the last").isEqualTo(run.steps.size());
        assertThat(run.problems).as("%s: %d kills", c, run.crashes).isEmpty();
    }

    @ParameterizedTest(name = "{0}: killed after each step of a removal, a restarted agent leaves nothing")
    @EnumSource(Case.class)
    void killedAtEachStepOfARemovalARestartLeavesNothing(Case c) {
        NodeWorld w = world(c);
        List<String> problems = new ArrayList<>();
        for (Meanwhile m : Meanwhile.values()) {
            Run run = removals(w, c, m, MOST_STEPS, Restart.AS_THE_AGENT_DOES);
            System.err.println(c + " " + m + ": removal steps " + run.steps);
            assertThat(run.steps)
                    .as("the steps of a removal: commands, then the release")
                    .endsWith("lease write")
                    .anyMatch(s -> s.startsWith("ip ") || s.startsWith("nsenter "));
            assertThat(run.crashes).as("killed after each step but the last").isEqualTo(run.steps.size());
            problems.addAll(run.problems);
        }
        assertThat(problems).isEmpty();
    }

    /** Positive control: a restart that skips the start-up sweep leaves what a removal killed half-way left. */
    @Test
    void aRestartThatForgetsItsSweepIsCaught() {
        Case c = Case.MACVLAN_V4;
        Restart forgetful = agent -> {
            agent.own().adopt();
            agent.own().heartbeat();
        };

        Run run = removals(world(c), c, Meanwhile.POD_AND_SANDBOX_GONE, 2, forgetful);

        assertThat(run.crashes).isEqualTo(2);
        assertThat(run.problems)
                .as("the claim a killed removal left, never released")
                .isNotEmpty()
                .anyMatch(p -> p.contains("the Lease still lists [192.0.2.50]"));
    }

    /** Positive control: an agent whose removal forgets one command (the pod's policy rule) is caught. */
    @Test
    void aRemovalThatForgetsAStepIsCaught() {
        Case c = Case.MACVLAN_V4;
        UnaryOperator<CommandRunner> forgetsTheRule =
                runner -> (argv, stdin, timeout) -> argv.contains("rule") && argv.contains("del")
                        ? new CommandRunner.Result(argv, 0, "", "")
                        : runner.run(argv, stdin, timeout);

        Run run = plumbings(world(c), c, 1, forgetsTheRule);

        assertThat(run.crashes).isEqualTo(1);
        assertThat(run.problems).as("the rule the removal left").isNotEmpty().anyMatch(p -> p.contains("rule"));
    }

    /** What a loop of kills found: the steps of an unkilled run, how many kills, what did not converge. */
    record Run(List<String> steps, int crashes, List<String> problems) {}

    /** For k = 1, 2, …: a new pod, an agent killed after its k-th step, then a restarted one; until one is not killed. */
    Run plumbings(NodeWorld w, Case c, int mostK, UnaryOperator<CommandRunner> faults) {
        List<String> problems = new ArrayList<>();
        int crashes = 0;
        for (int k = 1; k <= mostK; k++) {
            String when = c + " plumbing k=" + k;
            String uid = w.createPod("add-" + k, c.addresses, c.pools);
            Kill kill = new Kill(k, true);
            NodeWorld.Agent doomed = w.agent(kill, kill, faults);
            boolean killed = Kill.killedWhile(() -> {
                doomed.start();
                doomed.reconcile(uid);
            });
            NodeWorld.Agent restarted = w.agent(Steps.NONE, null, faults);
            restarted.start();
            problems.addAll(live(w, restarted, uid, c, when));
            problems.addAll(removedCleanly(w, restarted, uid, when));
            if (!killed) {
                return new Run(kill.seen(), crashes, problems);
            }
            crashes++;
        }
        return new Run(List.of(), crashes, problems);
    }

    /** For k = 1, 2, …: a pod plumbed, its agent killed after the k-th step of its removal, then a restarted one. */
    Run removals(NodeWorld w, Case c, Meanwhile meanwhile, int mostK, Restart restart) {
        List<String> problems = new ArrayList<>();
        int crashes = 0;
        for (int k = 1; k <= mostK; k++) {
            String when = c + " removal " + meanwhile + " k=" + k;
            String uid = w.createPod("del-" + meanwhile.ordinal() + "-" + k, c.addresses, c.pools);
            Kill kill = new Kill(k, false);
            NodeWorld.Agent doomed = w.agent(kill, kill, UnaryOperator.identity());
            doomed.start();
            assertThat(doomed.reconcile(uid))
                    .as(when + ": plumbed before the removal")
                    .isEqualTo(Outcome.done());
            kill.arm();
            w.terminate(uid);
            boolean killed = Kill.killedWhile(() -> doomed.reconcile(uid));
            if (meanwhile != Meanwhile.POD_TERMINATING) {
                w.deletePod(uid);
            }
            if (meanwhile == Meanwhile.POD_AND_SANDBOX_GONE) {
                w.removeSandbox(uid);
            }
            NodeWorld.Agent restarted = w.agent(Steps.NONE, null, UnaryOperator.identity());
            restart.start(restarted);
            if (meanwhile == Meanwhile.POD_TERMINATING) {
                Outcome o = restarted.reconcile(uid);
                if (!(o instanceof Outcome.Done)) {
                    problems.add(when + ": the terminating pod's reconcile gave " + o);
                }
            }
            problems.addAll(nothingLeft(w, when));
            w.deletePod(uid);
            w.removeSandbox(uid);
            if (!killed) {
                return new Run(kill.seen(), crashes, problems);
            }
            crashes++;
        }
        return new Run(List.of(), crashes, problems);
    }

    /** The pod's addresses live after the restarted agent's reconcile: read back, on the LAN, told, claimed. */
    static List<String> live(NodeWorld w, NodeWorld.Agent agent, String uid, Case c, String when) {
        List<String> out = new ArrayList<>();
        Outcome o = agent.reconcile(uid);
        if (!(o instanceof Outcome.Done)) {
            out.add(when + ": the restarted agent's reconcile gave " + o);
            return out;
        }
        Optional<LiveSet.Entry> entry = agent.live().get(uid);
        if (entry.isEmpty()) {
            out.add(when + ": not live after the restart");
            return out;
        }
        var check = agent.node().dataPlane().check(entry.get().request());
        if (!check.matches()) {
            out.add(when + ": read back differs: " + check.differences());
        }
        c.addressList().stream()
                .filter(a -> !a.contains(":"))
                .filter(a -> !w.answersArp(a))
                .forEach(a -> out.add(when + ": " + a + " does not answer ARP on the LAN"));
        if (!w.attached().containsAll(c.addressList())) {
            out.add(when + ": the Lease lists " + w.attached() + ", not " + c.addressList());
        }
        String name = w.pods().byUid(uid).orElseThrow().getMetadata().getName();
        if (!w.conditions.told(name)) {
            out.add(when + ": the pod was never told its address is live");
        }
        return out;
    }

    /** The pod deleted and the restarted agent's reconcile: nothing left anywhere; then its sandbox and object go. */
    static List<String> removedCleanly(NodeWorld w, NodeWorld.Agent agent, String uid, String when) {
        List<String> out = new ArrayList<>();
        w.terminate(uid);
        Outcome o = agent.reconcile(uid);
        if (!(o instanceof Outcome.Done)) {
            out.add(when + ": the removal gave " + o);
        }
        out.addAll(nothingLeft(w, when + ", removed"));
        w.deletePod(uid);
        w.removeSandbox(uid);
        return out;
    }

    static List<String> nothingLeft(NodeWorld w, String when) {
        List<String> out = new ArrayList<>();
        w.leaks().forEach(l -> out.add(when + ": left " + l));
        if (!w.attached().isEmpty()) {
            out.add(when + ": the Lease still lists " + w.attached());
        }
        return out;
    }
}
