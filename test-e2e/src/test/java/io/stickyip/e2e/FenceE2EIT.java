package io.stickyip.e2e;

import static io.stickyip.e2e.FixedAddresses.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fence on the real nodes (docs/fencing.md; the e2e cluster runs it with a 12 s lease, 4 s safety and
 * 4 s margin): a node that loses its heartbeat gives its address up, and another node takes it only once
 * that node's Lease has been silent a whole lease plus the margin; a prober on the LAN never sees two nodes
 * answer.
 */
class FenceE2EIT {
    static final Duration LEASE_PLUS_MARGIN = Duration.ofSeconds(12 + 4);

    static ClusterHarness cluster;
    static KubernetesClient k;
    static FixedAddresses lan;
    static List<String> nodes;

    @BeforeAll
    static void setUp() {
        lan = FixedAddresses.onRealNodes();
        cluster = lan.cluster;
        k = lan.k;
        nodes = cluster.realNodes();
    }

    @AfterEach
    void cleanUp() {
        lan.deleteAll();
    }

    @Test
    void aNodeCutFromTheApiRemovesItsAddressBeforeAnotherNodeTakesIt() {
        String fixed = lan.free.get(3);
        String cut = nodes.get(0);
        k.resource(lan.deployment("fixed-3", cut, fixed)).create();
        Pod old = lan.awaitReady("fixed-3", cut);
        URI api = URI.create(cluster.clusterEnv().get("STICKYIP_LAN_APISERVER_URL"));
        List<String> rule = List.of(
                "OUTPUT", "-p", "tcp", "-d", api.getHost(), "--dport", Integer.toString(api.getPort()), "-j", "DROP");
        try (LanProber prober = new LanProber(lan.clientPid, fixed)) {
            await().atMost(FixedAddresses.WAIT)
                    .until(() -> prober.hostsInOrder().size() == 1);
            Instant lastRenewal = renewTime(cut);
            iptables(cut, "-I", rule);
            try {
                // the agent cannot renew: it takes the address off the node before its deadline, its pod still running
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(lan.leftovers(cut)).noneMatch(l -> l.contains(" link sip")));
                Instant dark = Instant.now();
                assertThat(Duration.between(lastRenewal, dark))
                        .as("removed before the lease (12 s) ran out")
                        .isLessThan(Duration.ofSeconds(12));
                assertThat(lan.fromLan(fixed))
                        .as("%s while its node is cut off", fixed)
                        .isEmpty();

                // the Deployment moves first, then the stuck pod is force-deleted, as an admin would: the other way
                // round
                // the old ReplicaSet replaces it at once, on the cut node (its Lease not expired yet), and that
                // replacement stays Terminating there, so Recreate never starts the new pod. The edit alone is not
                // enough: until the Deployment controller has scaled the old ReplicaSet down (the old pod then
                // Terminating, its kubelet unable to finish it) a force-delete still races its replacement
                lan.pin("fixed-3", nodes.get(1));
                await().atMost(FixedAddresses.WAIT).until(() -> {
                    Pod p = k.pods()
                            .inNamespace(NS)
                            .withName(old.getMetadata().getName())
                            .get();
                    return p == null || p.getMetadata().getDeletionTimestamp() != null;
                });
                k.pods()
                        .inNamespace(NS)
                        .withName(old.getMetadata().getName())
                        .withGracePeriod(0)
                        .delete();
                Pod taken = lan.awaitReady("fixed-3", nodes.get(1));
                Instant live = Instant.parse(FixedAddresses.condition(taken, FixedAddresses.READY)
                        .orElseThrow()
                        .getLastTransitionTime());
                assertThat(live)
                        .as("taken a whole lease plus the margin after the cut node's last renewal (%s)", lastRenewal)
                        .isAfterOrEqualTo(lastRenewal.plus(LEASE_PLUS_MARGIN).minusSeconds(1));
                assertThat(events(taken))
                        .anyMatch(e -> "WaitingForRelease".equals(e.getReason())
                                && e.getMessage().contains(cut));
                await().atMost(FixedAddresses.WAIT)
                        .until(() -> prober.hostsInOrder()
                                .contains(taken.getMetadata().getName()));
                prober.close();
                assertThat(prober.hostsInOrder())
                        .containsExactly(
                                old.getMetadata().getName(), taken.getMetadata().getName());
                assertThat(prober.doubleAnswers()).isEmpty();
                System.err.printf(
                        "fence: %s dark %d ms after %s's last renewal, live on %s %d ms after it%n",
                        fixed,
                        Duration.between(lastRenewal, dark).toMillis(),
                        cut,
                        nodes.get(1),
                        Duration.between(lastRenewal, live).toMillis());
            } finally {
                iptables(cut, "-D", rule);
            }
        }
        await().atMost(FixedAddresses.WAIT).untilAsserted(() -> {
            assertThat(lan.attached(cut))
                    .as("the cut node, back, releases its claim")
                    .isEmpty();
            assertThat(lan.leftovers(cut)).isEmpty();
        });
    }

    @Test
    void aNodeWhoseAgentStoppedIsWaitedForUntilItsLeaseHasBeenSilentALeasePlusTheMargin() {
        String fixed = lan.free.get(3);
        String stopped = nodes.get(0);
        k.resource(lan.deployment("fixed-3", stopped, fixed)).create();
        Pod old = lan.awaitReady("fixed-3", stopped);
        try (LanProber prober = new LanProber(lan.clientPid, fixed)) {
            await().atMost(FixedAddresses.WAIT)
                    .until(() -> prober.hostsInOrder().size() == 1);
            cluster.agent("stop", stopped, Map.of());
            Instant lastRenewal = renewTime(stopped);
            try {
                lan.pin("fixed-3", nodes.get(1));
                Pod taken = lan.awaitReady("fixed-3", nodes.get(1));
                Instant live = Instant.parse(FixedAddresses.condition(taken, FixedAddresses.READY)
                        .orElseThrow()
                        .getLastTransitionTime());
                assertThat(live)
                        .isAfterOrEqualTo(lastRenewal.plus(LEASE_PLUS_MARGIN).minusSeconds(1));
                await().atMost(FixedAddresses.WAIT)
                        .until(() -> prober.hostsInOrder()
                                .contains(taken.getMetadata().getName()));
                prober.close();
                assertThat(prober.hostsInOrder())
                        .containsExactly(
                                old.getMetadata().getName(), taken.getMetadata().getName());
                assertThat(prober.answeredAfter(
                                old.getMetadata().getName(), taken.getMetadata().getName()))
                        .isEmpty();
                assertThat(prober.doubleAnswers()).isEmpty();
            } finally {
                cluster.agent("start", stopped, Map.of());
            }
        }
        await().atMost(FixedAddresses.WAIT).untilAsserted(() -> {
            assertThat(lan.attached(stopped))
                    .as("the restarted agent releases the claim of its pod gone meanwhile")
                    .isEmpty();
            assertThat(lan.leftovers(stopped)).isEmpty();
        });
    }

    void iptables(String node, String op, List<String> rule) {
        String[] argv = new String[rule.size() + 3];
        argv[0] = "iptables";
        argv[1] = "-w";
        argv[2] = op;
        for (int i = 0; i < rule.size(); i++) {
            argv[i + 3] = rule.get(i);
        }
        cluster.execOnNode(node, argv);
    }

    static Instant renewTime(String node) {
        AgentReport r = ((AgentLeases.Read.Ok) AgentLeases.read(k.leases()
                        .inNamespace("stickyip-system")
                        .withName(AgentLeases.name(node))
                        .get()))
                .report();
        return r.renewTime();
    }

    static List<Event> events(Pod pod) {
        return k.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e ->
                        pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
                .toList();
    }
}
