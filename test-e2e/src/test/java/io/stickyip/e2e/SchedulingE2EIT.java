package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler extender with the real kube-scheduler: KWOK nodes of this class labelled into
 * zones and subnets (tainted, so only this class's pods go there), agent Leases written as the
 * agent will write them, pools restricted to those nodes.
 */
class SchedulingE2EIT {
    static final String NS = "e2e-sched";
    static final String MARK = "stickyip-e2e";
    static final String NODE_PREFIX = "e2e-sched-";
    static final String LEASE_NS = "stickyip-system";
    static final Duration WAIT = Duration.ofSeconds(90);

    static ClusterHarness cluster;
    static KubernetesClient k;

    /** name suffix → zone, InternalIP, extra labels */
    record Spec(String zone, String ip, Map<String, String> labels) {}

    static final Map<String, Spec> NODES = new LinkedHashMap<>();

    static {
        NODES.put("1", new Spec("e2e-a", "10.251.1.1", Map.of("disk", "ssd")));
        NODES.put("2", new Spec("e2e-a", "10.251.2.1", Map.of("e2e-rack", "r2")));
        NODES.put("3", new Spec("e2e-b", "10.251.1.3", Map.of("disk", "ssd")));
        NODES.put("4", new Spec("e2e-a", "10.251.1.4", Map.of("e2e-rack", "r1")));
        NODES.put("5", new Spec("e2e-a", "10.251.1.5", Map.of("disk", "ssd")));
        NODES.put("6", new Spec("e2e-a", "10.251.1.6", Map.of("disk", "ssd")));
        NODES.put("7", new Spec("e2e-a", "10.251.1.7", Map.of("disk", "ssd")));
    }

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
        NODES.forEach((n, spec) -> {
            k.nodes().resource(node(NODE_PREFIX + n, spec)).serverSideApply();
            agent(NODE_PREFIX + n, Instant.now(), 10);
        });
        pool("e2e-zone", "10.89.1.0/24", s -> s.setZones(List.of("e2e-b")));
        pool("e2e-subnet", "10.89.2.0/24", s -> s.setSubnets(List.of("10.251.2.0/24")));
        pool("e2e-ssd", "10.89.3.0/24", s -> {
            s.getNodeSelector().put("disk", "ssd");
            s.setZones(List.of("e2e-a"));
        });
        pool("e2e-nowhere", "10.89.4.0/24", s -> s.setZones(List.of("e2e-z")));
        pool("e2e-node5", "10.89.5.0/24", s -> s.getNodeSelector().put("kubernetes.io/hostname", NODE_PREFIX + "5"));
        pool("e2e-rack", "10.89.6.0/24", s -> s.getNodeSelector().put("e2e-rack", "r1"));
        await().atMost(WAIT)
                .until(() -> k.nodes().withLabel(MARK).list().getItems().stream()
                                .filter(SchedulingE2EIT::ready)
                                .count()
                        == NODES.size());
    }

    @AfterAll
    static void tearDown() {
        k.pods().inNamespace(NS).withGracePeriod(0).delete();
        k.nodes().withLabel(MARK).delete();
        k.leases().inNamespace(LEASE_NS).withLabel(MARK).delete();
    }

    static Node node(String name, Spec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(MARK, "sched");
        labels.put("type", "e2e-kwok");
        labels.put("kubernetes.io/hostname", name);
        labels.put(NodeFacts.ZONE_LABEL, spec.zone());
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .withAnnotations(Map.of("kwok.x-k8s.io/node", "fake"))
                .endMetadata()
                .withNewSpec()
                .withTaints(new Taint("NoSchedule", MARK, null, "sched"))
                .endSpec()
                // a Hostname too: without one, KWOK's node-initialize stage rewrites the address list without the
                // InternalIP
                .withNewStatus()
                .withAddresses(new NodeAddress(spec.ip(), "InternalIP"), new NodeAddress(name, "Hostname"))
                .withAllocatable(
                        Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi"), "pods", new Quantity("110")))
                .withCapacity(
                        Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi"), "pods", new Quantity("110")))
                .endStatus()
                .build();
    }

    static boolean ready(Node n) {
        return n.getStatus() != null
                && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The node's agent Lease as the agent writes it (docs/node-agent-lease.md), heartbeat at {@code renewed}. */
    static void agent(String node, Instant renewed, int free, String... attached) {
        Lease lease = AgentLeases.toLease(
                LEASE_NS,
                new AgentReport(
                        node, "e2e-agent", renewed, Duration.ofHours(1), free, new TreeSet<>(List.of(attached))));
        Map<String, String> labels = new LinkedHashMap<>(lease.getMetadata().getLabels());
        labels.put(MARK, "sched");
        lease.getMetadata().setLabels(labels);
        k.leases().inNamespace(LEASE_NS).resource(lease).forceConflicts().serverSideApply();
    }

    static void pool(String name, String cidr, Consumer<IPPoolSpec> rules) {
        IPPool pool = Pools.pool(name, cidr, spec -> {
            spec.getNodeSelector().put(MARK, "sched");
            rules.accept(spec);
        });
        k.resources(IPPool.class).resource(pool).serverSideApply();
    }

    static Pod create(String name, Map<String, String> annotations) {
        return create(name, annotations, null);
    }

    static Pod create(String name, Map<String, String> annotations, String schedulerName) {
        // the webhook's pool informer may lag the pool's creation by moments
        return await().atMost(WAIT)
                .ignoreExceptions()
                .until(
                        () -> k.pods()
                                .inNamespace(NS)
                                .resource(new PodBuilder()
                                        .withNewMetadata()
                                        .withName(name)
                                        .withAnnotations(annotations)
                                        .endMetadata()
                                        .withNewSpec()
                                        .withSchedulerName(schedulerName)
                                        .withTolerations(new Toleration("NoSchedule", MARK, "Equal", null, "sched"))
                                        .addToContainers(Pods.app())
                                        .endSpec()
                                        .build())
                                .create(),
                        p -> p != null);
    }

    static String nodeOf(String pod) {
        return await().atMost(WAIT)
                .until(
                        () -> k.pods()
                                .inNamespace(NS)
                                .withName(pod)
                                .get()
                                .getSpec()
                                .getNodeName(),
                        n -> n != null);
    }

    static List<String> failedScheduling(String pod) {
        return k.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()) && "FailedScheduling".equals(e.getReason()))
                .map(Event::getMessage)
                .toList();
    }

    static void delete(String... pods) {
        for (String p : pods) {
            k.pods().inNamespace(NS).withName(p).withGracePeriod(0).delete();
        }
    }

    @Test
    void podsLandOnlyWhereTheirPoolsZoneSubnetAndSelectorAllow() {
        create("in-zone", Map.of("stickyip.io/pool", "e2e-zone"));
        create("in-subnet", Map.of("stickyip.io/pool", "e2e-subnet"));
        create("on-ssd-0", Map.of("stickyip.io/pool", "e2e-ssd"));
        create("on-ssd-1", Map.of("stickyip.io/pool", "e2e-ssd"));
        create("on-ssd-2", Map.of("stickyip.io/pool", "e2e-ssd"));

        assertThat(nodeOf("in-zone")).isEqualTo(NODE_PREFIX + "3");
        assertThat(nodeOf("in-subnet")).isEqualTo(NODE_PREFIX + "2");
        assertThat(List.of(nodeOf("on-ssd-0"), nodeOf("on-ssd-1"), nodeOf("on-ssd-2")))
                .isSubsetOf(NODE_PREFIX + "1", NODE_PREFIX + "5", NODE_PREFIX + "6", NODE_PREFIX + "7");
        delete("in-zone", "in-subnet", "on-ssd-0", "on-ssd-1", "on-ssd-2");
    }

    @Test
    void aPodWhoseAddressCanLiveNowhereStaysPendingWithTheExtendersReason() {
        create("nowhere", Map.of("stickyip.io/pool", "e2e-nowhere"));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(failedScheduling("nowhere"))
                        .anySatisfy(m -> assertThat(m)
                                .contains("stickyip: node " + NODE_PREFIX
                                        + "3 is in zone e2e-b, pool e2e-nowhere allows zone e2e-z")));
        assertThat(k.pods().inNamespace(NS).withName("nowhere").get().getSpec().getNodeName())
                .isNull();
        delete("nowhere");
    }

    @Test
    void theNodeHoldingTheAddressIsPreferredWhenSeveralFit() {
        agent(NODE_PREFIX + "6", Instant.now(), 10, "10.89.3.50");
        agent(NODE_PREFIX + "7", Instant.now(), 10, "10.89.3.51");
        try {
            // four nodes fit pool e2e-ssd; each pod goes to the one holding its address
            create("holder-6", Map.of("stickyip.io/ip", "10.89.3.50"));
            create("holder-7", Map.of("stickyip.io/ip", "10.89.3.51"));

            assertThat(nodeOf("holder-6")).isEqualTo(NODE_PREFIX + "6");
            assertThat(nodeOf("holder-7")).isEqualTo(NODE_PREFIX + "7");
        } finally {
            agent(NODE_PREFIX + "6", Instant.now(), 10);
            agent(NODE_PREFIX + "7", Instant.now(), 10);
            delete("holder-6", "holder-7");
        }
    }

    @Test
    void aNodeWhoseAgentHeartbeatStoppedGetsNoNewFixedAddressPods() {
        agent(NODE_PREFIX + "5", Instant.now().minus(Duration.ofHours(2)), 10);
        try {
            create("stale", Map.of("stickyip.io/pool", "e2e-node5"));

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(failedScheduling("stale"))
                            .anySatisfy(m -> assertThat(m)
                                    .contains("stickyip: node " + NODE_PREFIX
                                            + "5's agent is not alive: its last heartbeat was")));
            assertThat(k.pods()
                            .inNamespace(NS)
                            .withName("stale")
                            .get()
                            .getSpec()
                            .getNodeName())
                    .isNull();

            agent(NODE_PREFIX + "5", Instant.now(), 10);
            // kube-scheduler does not watch agent Leases: a pod an extender refused is retried on the
            // next cluster event (any: a pod, a node), or after 5 minutes at the latest. Make one.
            k.nodes().withName(NODE_PREFIX + "5").edit(n -> {
                n.getMetadata()
                        .getAnnotations()
                        .put("e2e/heartbeat-restored", Instant.now().toString());
                return n;
            });

            assertThat(nodeOf("stale")).isEqualTo(NODE_PREFIX + "5");
        } finally {
            agent(NODE_PREFIX + "5", Instant.now(), 10);
            delete("stale");
        }
    }

    @Test
    void theNextPodFollowsANodesNewLabels() {
        create("rack-before", Map.of("stickyip.io/pool", "e2e-rack"));
        assertThat(nodeOf("rack-before")).isEqualTo(NODE_PREFIX + "4");

        relabel("4", "r2");
        relabel("2", "r1");
        try {
            create("rack-after", Map.of("stickyip.io/pool", "e2e-rack"));

            assertThat(nodeOf("rack-after")).isEqualTo(NODE_PREFIX + "2");
        } finally {
            relabel("4", "r1");
            relabel("2", "r2");
            delete("rack-before", "rack-after");
        }
    }

    static void relabel(String node, String rack) {
        k.nodes().withName(NODE_PREFIX + node).edit(n -> {
            n.getMetadata().getLabels().put("e2e-rack", rack);
            return n;
        });
    }

    @Test
    void plainPodsScheduleAsBeforeAndNeverReachTheExtender() {
        double before = cluster.extenderCalls();

        for (int i = 0; i < 3; i++) {
            create("plain-" + i, Map.of());
        }

        assertThat(List.of(nodeOf("plain-0"), nodeOf("plain-1"), nodeOf("plain-2")))
                .doesNotContainNull();
        assertThat(cluster.extenderCalls()).isEqualTo(before);

        // positive control: the same count moves for a pod that does go through the extender
        create("fixed-control", Map.of("stickyip.io/pool", "e2e-zone"));
        assertThat(nodeOf("fixed-control")).isNotNull();
        assertThat(cluster.extenderCalls())
                .as("extender calls after a fixed-address pod")
                .isGreaterThan(before);
        delete("plain-0", "plain-1", "plain-2", "fixed-control");
    }

    @Test
    void withBothExtenderReplicasKilledFixedAddressPodsWaitWithAClearEventAndScheduleOnceItIsBack() {
        cluster.killExtender(1);
        cluster.killExtender(2);
        try {
            create("waits", Map.of("stickyip.io/pool", "e2e-zone"));
            create("plain-meanwhile", Map.of());

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(failedScheduling("waits"))
                            .anySatisfy(m -> assertThat(m).contains("/filter")));
            assertThat(k.pods()
                            .inNamespace(NS)
                            .withName("waits")
                            .get()
                            .getSpec()
                            .getNodeName())
                    .isNull();
            assertThat(nodeOf("plain-meanwhile")).isNotNull();
        } finally {
            cluster.startExtender(1);
            cluster.startExtender(2);
        }
        assertThat(nodeOf("waits")).isEqualTo(NODE_PREFIX + "3");
        delete("waits", "plain-meanwhile");
    }

    @Test
    void theDedicatedSchedulerTheWebhookSelectsPlacesFixedAddressPodsWithTheExtender() {
        cluster.stopWebhook(2);
        cluster.stopWebhook(1);
        try {
            cluster.startWebhook(1, Map.of("STICKYIP_SCHEDULER_NAME", "stickyip-scheduler"));

            Pod pod = create("dedicated", Map.of("stickyip.io/pool", "e2e-zone"));

            assertThat(pod.getSpec().getSchedulerName()).isEqualTo("stickyip-scheduler");
            assertThat(nodeOf("dedicated")).isEqualTo(NODE_PREFIX + "3");
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(k.v1().events().inNamespace(NS).list().getItems().stream()
                                    .filter(e -> "dedicated"
                                                    .equals(e.getInvolvedObject()
                                                            .getName())
                                            && "Scheduled".equals(e.getReason()))
                                    .map(e -> e.getReportingComponent() + "/"
                                            + (e.getSource() == null
                                                    ? ""
                                                    : e.getSource().getComponent()))
                                    .collect(Collectors.joining(",")))
                            .contains("stickyip-scheduler"));
        } finally {
            cluster.stopWebhook(1);
            cluster.startWebhooks();
            delete("dedicated");
        }
    }
}
