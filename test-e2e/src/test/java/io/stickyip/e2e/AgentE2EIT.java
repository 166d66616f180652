package io.stickyip.e2e;

import static io.stickyip.e2e.FixedAddresses.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node agent on the real nodes: a fixed address on the LAN made live in a pod (macvlan on the node's
 * eth0), the pod Ready only once it is, the client's real address seen by the pod and the fixed address
 * seen by the client; the address following its pod to the other node without ever answering from two;
 * a pod with two external addresses (the pipework case).
 */
class AgentE2EIT {
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
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
    }

    @AfterEach
    void cleanUp() {
        lan.deleteAll();
    }

    @Test
    void aPodIsReadyOnlyOnceItsAddressIsLiveAnswersWithTheClientsAddressAndMovesWithoutEverAnsweringFromTwoNodes() {
        String fixed = lan.free.getFirst();
        List<Pod> seen = new CopyOnWriteArrayList<>();
        try (Watch w = k.pods().inNamespace(NS).withLabel("app", "fixed-0").watch(new Recorder(seen))) {
            k.resource(lan.deployment("fixed-0", nodes.get(0), fixed)).create();
            Pod pod = lan.awaitReady("fixed-0", nodes.get(0));

            assertThat(pod.getSpec().getReadinessGates())
                    .anyMatch(g -> g.getConditionType().equals(FixedAddresses.READY));
            assertThat(FixedAddresses.condition(pod, FixedAddresses.READY)).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("AddressLive");
                assertThat(c.getMessage()).contains(fixed).contains(nodes.get(0));
            });
            assertThat(seen)
                    .as("every state of the pod seen: Ready only with %s True", FixedAddresses.READY)
                    .allMatch(p -> !RealPods.isReady(p)
                            || FixedAddresses.condition(p, FixedAddresses.READY)
                                    .map(c -> "True".equals(c.getStatus()))
                                    .orElse(false));
            assertThat(lan.fromLan(fixed))
                    .as("the pod answers the LAN client on %s", fixed)
                    .startsWith("peer=" + lan.client + ":")
                    .contains("local=" + fixed + ":8080")
                    .contains("host=" + pod.getMetadata().getName());
            assertThat(PodExec.exec(
                            k,
                            NS,
                            pod.getMetadata().getName(),
                            "sh",
                            "-c",
                            "nc -w 2 " + lan.client + " 8080 </dev/null"))
                    .as("a connection from the pod to the LAN shows the fixed address")
                    .startsWith("peer=" + fixed + ":");
            assertThat(lan.attached(nodes.get(0))).containsExactly(fixed);
            assertThat(events(pod)).anyMatch(e -> "AddressLive".equals(e.getReason()));

            try (LanProber prober = new LanProber(lan.clientPid, fixed)) {
                await().atMost(FixedAddresses.WAIT)
                        .until(() -> prober.hostsInOrder().size() == 1);
                lan.pin("fixed-0", nodes.get(1));
                Pod moved = lan.awaitReady("fixed-0", nodes.get(1));
                await().atMost(FixedAddresses.WAIT)
                        .until(() -> prober.hostsInOrder()
                                .contains(moved.getMetadata().getName()));
                prober.close();
                String old = pod.getMetadata().getName();
                String now = moved.getMetadata().getName();
                assertThat(prober.hostsInOrder()).containsExactly(old, now);
                assertThat(prober.answeredAfter(old, now))
                        .as("the old pod answering after the new one")
                        .isEmpty();
                assertThat(prober.doubleAnswers())
                        .as("ARP rounds answered from two link-layer addresses")
                        .isEmpty();
                System.err.printf(
                        "handover of %s from %s to %s: last old answer to first new answer %d ms (%d TCP probes, %d ARP rounds)%n",
                        fixed,
                        nodes.get(0),
                        nodes.get(1),
                        prober.gap(old, now).toMillis(),
                        prober.answers().size(),
                        prober.arps().size());
            }
            assertThat(lan.fromLan(fixed))
                    .contains("host="
                            + lan.pods("fixed-0").getFirst().getMetadata().getName());
            await().atMost(FixedAddresses.WAIT).untilAsserted(() -> {
                assertThat(lan.attached(nodes.get(0)))
                        .as("released by the old node")
                        .isEmpty();
                assertThat(lan.attached(nodes.get(1))).containsExactly(fixed);
                assertThat(lan.leftovers(nodes.get(0)))
                        .as("what the old node still holds")
                        .isEmpty();
            });
        }
        lan.deleteAll();
        await().atMost(FixedAddresses.WAIT).untilAsserted(() -> {
            assertThat(lan.attached(nodes.get(1))).isEmpty();
            assertThat(lan.fromLan(fixed)).as("%s after the pod is gone", fixed).isEmpty();
            assertThat(lan.leftovers(nodes.get(1))).isEmpty();
        });
    }

    @Test
    void onePodWithTwoExternalAddressesAnswersOnBoth() {
        String a = lan.free.get(1);
        String b = lan.free.get(2);
        k.resource(lan.deployment("hosting", nodes.get(1), a, b)).create();
        Pod pod = lan.awaitReady("hosting", nodes.get(1));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("stickyip.io/reserved-ip", a + "," + b);
        for (String address : List.of(a, b)) {
            assertThat(lan.fromLan(address))
                    .as("the pod on %s", address)
                    .startsWith("peer=" + lan.client + ":")
                    .contains("local=" + address + ":8080")
                    .contains("host=" + pod.getMetadata().getName());
        }
        assertThat(lan.attached(nodes.get(1))).containsExactly(a, b);
    }

    @Test
    void eachRealNodesAgentAdvertisesTheExtendedResourceThatAnnotatedPodsRequest() {
        // hack/cluster patches only the KWOK nodes (label type=kwok): on a real node it is the agent's own write
        for (String node : nodes) {
            var status = k.nodes().withName(node).get().getStatus();
            assertThat(status.getCapacity()).as("capacity of %s", node).containsKey("stickyip.io/ip");
            assertThat(status.getCapacity()
                            .get("stickyip.io/ip")
                            .getNumericalAmount()
                            .intValue())
                    .as("capacity of %s", node)
                    .isEqualTo(64);
            assertThat(status.getAllocatable()
                            .get("stickyip.io/ip")
                            .getNumericalAmount()
                            .intValue())
                    .as("allocatable of %s", node)
                    .isEqualTo(64);
        }
    }

    static List<Event> events(Pod pod) {
        return k.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e ->
                        pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
                .toList();
    }

    /** Every state of the watched pods, as they come. */
    record Recorder(List<Pod> seen) implements Watcher<Pod> {
        @Override
        public void eventReceived(Action action, Pod resource) {
            seen.add(resource);
        }

        @Override
        public void onClose(WatcherException cause) {}
    }
}
