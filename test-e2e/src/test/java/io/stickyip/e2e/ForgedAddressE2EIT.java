package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, threat 1, past admission: a pod that carries a hand-written reservation with a
 * forged seal in a namespace the pod webhook never sees (kube-system; the API server's policy lets a
 * request annotation and a seal through, it cannot check a signature) runs on a real node, and the
 * node's agent never makes its address live: not in the pod's network namespace, not in the node's
 * Lease, not on the LAN; the pod is told why. The positive control: an honest Deployment's address on
 * the same node goes live.
 */
class ForgedAddressE2EIT {
    static final String FORGED_NS = "kube-system";
    static final String FORGED = "forged-reservation";
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
        k.pods().inNamespace(FORGED_NS).withName(FORGED).withGracePeriod(0).delete();
        lan.deleteAll();
    }

    @Test
    void aForgedReservationOnARealNodeNeverBecomesLive() {
        String node = nodes.get(0);
        String forged = lan.free.get(3);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("stickyip.io/ip", forged);
        annotations.put("stickyip.io/reserved-ip", forged);
        annotations.put("stickyip.io/reserved-pool", FixedAddresses.POOL);
        annotations.put("stickyip.io/workload", FORGED_NS + "/pod/" + FORGED);
        annotations.put("stickyip.io/slot", "0");
        annotations.put("stickyip.io/seal", "v1.0123456789abcdef.00000000-0000-0000-0000-000000000000.AAAA");
        Pod pod = RealPods.echoPod(FORGED_NS, FORGED, node);
        k.resource(new PodBuilder(pod)
                        .editMetadata()
                        .withAnnotations(annotations)
                        .addToLabels("stickyip.io/managed", "true")
                        .endMetadata()
                        .build())
                .create();

        Pod refused = await().atMost(FixedAddresses.WAIT)
                .until(
                        () -> k.pods().inNamespace(FORGED_NS).withName(FORGED).get(),
                        p -> FixedAddresses.condition(p, FixedAddresses.READY)
                                .map(c -> "False".equals(c.getStatus()) && "ReservationNotSealed".equals(c.getReason()))
                                .orElse(false));
        assertThat(FixedAddresses.condition(refused, FixedAddresses.READY)
                        .orElseThrow()
                        .getMessage())
                .contains("stickyip.io/seal");
        await().atMost(FixedAddresses.WAIT)
                .until(() -> RealPods.isRunning(
                        k.pods().inNamespace(FORGED_NS).withName(FORGED).get()));

        // positive control: an honest Deployment's address on the same node goes live, seen by the same probes
        String honest = lan.free.get(
                2); // the LAN has four; another class may have held this one until its grace ran out: the ReplicaSet
        // retries
        k.resource(lan.deployment("honest", node, honest)).create();
        lan.awaitReady("honest", node);
        assertThat(lan.fromLan(honest)).startsWith("peer=" + lan.client + ":");
        assertThat(lan.attached(node)).contains(honest);

        RealPods real = new RealPods(cluster);
        String uid = k.pods()
                .inNamespace(FORGED_NS)
                .withName(FORGED)
                .get()
                .getMetadata()
                .getUid();
        String netns = real.netnsPath(node, real.sandboxId(node, uid).orElseThrow());
        assertThat(real.allIpv4AddressesIn(node, netns))
                .as("the forged pod's network namespace")
                .doesNotContain(forged);
        assertThat(lan.attached(node)).as("the node's Lease").doesNotContain(forged);
        assertThat(lan.fromLan(forged)).as("%s from the LAN", forged).isEmpty();
    }
}
