package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The race of issue 6, on the real control plane with both webhook replicas serving: a
 * 60-replica Recreate Deployment from a /24 pool, scaled 0 -> 60 -> 0 three times, then rolled
 * out. A watch checks at every pod event that no two live pods carry one address; etcd is read
 * back after every round (each address in one slot, the live pods' addresses are their slots').
 */
class SlotRaceE2EIT {
    static final String NS = "e2e-race";
    static final String POOL = "e2e-race";
    static final String NAME = "race";
    static final int REPLICAS = 60;
    static final String RESERVED_IP = "stickyip.io/reserved-ip";
    static final Duration ROUND = Duration.ofMinutes(4);

    static ClusterHarness cluster;
    static KubernetesClient k;
    static final Map<String, Pod> seen = Collections.synchronizedMap(new HashMap<>());
    static final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    static Watch watch;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        k = cluster.client();
        k.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        IPPool pool = Pools.pool(POOL, "10.95.0.0/24", spec -> {
            spec.setGateway("10.95.0.1");
            spec.setNamespaces(List.of(NS));
        });
        k.resources(IPPool.class).resource(pool).serverSideApply();
        watch = k.pods().inNamespace(NS).withLabel("app", NAME).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                synchronized (seen) {
                    if (action == Action.DELETED) {
                        seen.remove(pod.getMetadata().getUid());
                    } else {
                        seen.put(pod.getMetadata().getUid(), pod);
                    }
                    checkDistinct();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                violations.add("the pod watch closed: " + cause);
            }
        });
    }

    @AfterAll
    static void tearDown() {
        if (watch != null) {
            watch.close();
        }
        k.apps().deployments().inNamespace(NS).withName(NAME).delete();
    }

    /** Called under the lock at every event: the live pods' addresses must be distinct. */
    static void checkDistinct() {
        Map<String, String> owner = new HashMap<>();
        for (Pod p : seen.values()) {
            String ip = reservedIp(p);
            if (!live(p) || ip == null) {
                continue;
            }
            String before = owner.put(ip, p.getMetadata().getName());
            if (before != null) {
                violations.add(ip + " carried by live pods " + before + " and "
                        + p.getMetadata().getName());
            }
        }
    }

    static boolean live(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return p.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static String reservedIp(Pod p) {
        return p.getMetadata().getAnnotations() == null
                ? null
                : p.getMetadata().getAnnotations().get(RESERVED_IP);
    }

    static List<Pod> livePods() {
        return k.pods().inNamespace(NS).withLabel("app", NAME).list().getItems().stream()
                .filter(SlotRaceE2EIT::live)
                .toList();
    }

    static void scale(int replicas) {
        k.apps().deployments().inNamespace(NS).withName(NAME).scale(replicas);
    }

    @Test
    void sixtyRecreatePodsThroughTwoReplicasNeverShareAnAddress() {
        k.apps()
                .deployments()
                .inNamespace(NS)
                .resource(StickyipE2EIT.deploymentIn(
                        NS, NAME, "Recreate", Map.of("stickyip.io/pool", POOL), "registry.example/race:1", 0))
                .create();
        Set<String> firstRound = null;
        for (int round = 1; round <= 3; round++) {
            scale(REPLICAS);
            Set<String> addresses = awaitLivePods(":1");
            assertEtcd(addresses);
            if (firstRound == null) {
                firstRound = addresses;
            } else {
                assertThat(addresses)
                        .as("round %d: the Deployment's pods get the addresses of round 1 again", round)
                        .isEqualTo(firstRound);
            }
            scale(0);
            await().atMost(ROUND)
                    .until(() -> k.pods()
                            .inNamespace(NS)
                            .withLabel("app", NAME)
                            .list()
                            .getItems()
                            .isEmpty());
        }
        scale(REPLICAS);
        awaitLivePods(":1");
        k.apps()
                .deployments()
                .inNamespace(NS)
                .withName(NAME)
                .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + NAME
                                + "\",\"image\":\"registry.example/race:2\"}]}}}}");
        Set<String> rolled = awaitLivePods(":2");
        assertEtcd(rolled);
        assertThat(rolled).as("the rollout keeps the addresses").isEqualTo(firstRound);
        assertThat(violations)
                .as("live pods sharing an address, seen by the watch")
                .isEmpty();
    }

    /** Waits for all replicas live with the image tag and an address; returns their addresses. */
    private static Set<String> awaitLivePods(String tag) {
        List<Pod> pods = await().atMost(ROUND)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        SlotRaceE2EIT::livePods,
                        list -> list.size() == REPLICAS
                                && list.stream()
                                        .allMatch(p -> reservedIp(p) != null
                                                && p.getSpec()
                                                        .getContainers()
                                                        .getFirst()
                                                        .getImage()
                                                        .endsWith(tag)));
        Set<String> addresses = new TreeSet<>();
        for (Pod p : pods) {
            assertThat(addresses.add(reservedIp(p)))
                    .as("%s carried twice (listed from the API)", reservedIp(p))
                    .isTrue();
        }
        assertThat(violations)
                .as("live pods sharing an address, seen by the watch")
                .isEmpty();
        return addresses;
    }

    /** From etcd: every slot of the Deployment on its own address, and the live pods' addresses are their slots'. */
    private static void assertEtcd(Set<String> live) {
        String slots = "/stickyip/v1/workloads/" + NS + "/deployment/" + NAME + "/slots/";
        Map<String, String> kvs = cluster.etcd(slots);
        Map<String, String> slotOf = new HashMap<>();
        Set<Integer> slotNumbers = new HashSet<>();
        for (Map.Entry<String, String> kv : kvs.entrySet()) {
            int slot = Integer.parseInt(kv.getKey().substring(slots.length()));
            slotNumbers.add(slot);
            JsonNode value = Serialization.jsonMapper().readTree(kv.getValue());
            for (JsonNode a : value.path("addresses")) {
                String before = slotOf.put(a.asString(), Integer.toString(slot));
                assertThat(before)
                        .as("etcd: %s in slots %s and %d", a.asString(), before, slot)
                        .isNull();
            }
        }
        assertThat(slotNumbers)
                .as("a Recreate Deployment of %d replicas uses slots 0..%d", REPLICAS, REPLICAS - 1)
                .allSatisfy(n -> assertThat(n).isBetween(0, REPLICAS - 1));
        assertThat(slotOf.keySet())
                .as("the live pods' addresses are reserved in etcd")
                .containsAll(live);
    }
}
