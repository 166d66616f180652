package io.stickyip.controller.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.pool.v1alpha1.PoolCondition;
import io.stickyip.core.testing.Pools;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.nodes.NodeAddressReservation;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.Address;

/**
 * The node-address controller against a real etcd and moto's EC2 server (and fabric8's API server mock
 * for the Nodes): the KubeIP filter and order, release on node deletion, a restart, a node waiting for a
 * free address, and kills between any two steps converging.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class NodeAddressControllerIT {
    static final String CLUSTER = MotoWorld.CLUSTER;
    static final String POOL = "kubeip";
    static final String TAINT = "example.com/no-public-ip";
    static final Map<String, String> EDGE = Map.of("nodegroup", "public");
    static final Set<String> MUTATING = Set.of("AssociateAddress", "DisassociateAddress", "CreateTags", "DeleteTags");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    KubernetesClient client;
    MotoWorld world;
    EtcdReservationStore store;
    String prefix;
    List<AwsCloud> clouds = new ArrayList<>();
    List<String> instances;
    String rank1;
    String rank2;
    String notInPool;

    /** Thrown by the step gate: an Error, so it ends the whole pass as a killed process would. */
    static final class Killed extends Error {
        Killed(int k) {
            super("killed before EC2 call " + k);
        }
    }

    @BeforeEach
    void world(MotoWorld world) {
        this.world = world;
        prefix = "/nodes-" + UUID.randomUUID() + "/";
        store = new EtcdReservationStore(storeConfig());
        instances = world.instances(3);
        notInPool = world.eip(Map.of("kubeip", "other", "rank", "0"));
        rank2 = world.eip(Map.of("kubeip", "reserved", "rank", "2"));
        rank1 = world.eip(Map.of("kubeip", "reserved", "rank", "1"));
    }

    @AfterEach
    void close() {
        clouds.forEach(AwsCloud::close);
        store.close();
        client.close();
    }

    /** A timeout that covers the first call's class loading (gRPC, Netty) on a busy machine. */
    EtcdStoreConfig storeConfig() {
        return EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix).withTimeout(Duration.ofSeconds(10));
    }

    IPPool pool() {
        return Pools.awsNode(POOL, "Name=tag:kubeip,Values=reserved", s -> {
            s.getProvider().setOrderBy("Tag:rank");
            s.setNodeSelector(EDGE);
            s.setTaintKey(TAINT);
        });
    }

    void node(String name, int instance, Map<String, String> labels) {
        node(name, "aws:///us-east-1a/" + instances.get(instance), labels);
    }

    void node(String name, String providerId, Map<String, String> labels) {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withProviderID(providerId)
                        .addNewTaint()
                        .withKey(TAINT)
                        .withEffect("NoSchedule")
                        .endTaint()
                        .addNewTaint()
                        .withKey("other")
                        .withEffect("NoSchedule")
                        .endTaint()
                        .endSpec()
                        .build())
                .create();
    }

    NodeAddressController controller(AwsCloud cloud) {
        clouds.add(cloud);
        NodeWriter writer =
                new NodeWriter(client, new EventRecorder(client, "stickyip-node-addresses", "", Clock.systemUTC()));
        return new NodeAddressController(
                CLUSTER,
                () -> List.of(pool()),
                store,
                new NodeSteps(CLUSTER, cloud.nodes(), store, writer, 5000),
                writer,
                5000);
    }

    NodeAddressController controller() {
        return controller(world.cloud());
    }

    /** A controller whose cloud stops before its k-th mutating EC2 call. */
    NodeAddressController killedAt(int k) {
        AtomicInteger made = new AtomicInteger();
        return controller(world.cloud((i, step) -> {
            if (made.getAndIncrement() == k) {
                throw new Killed(k);
            }
        }));
    }

    Map<String, String> reservations() throws Exception {
        return store.nodeAddresses().toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
                .map(NodeAddressReservation.Stored::reservation)
                .collect(Collectors.toMap(NodeAddressReservation::node, NodeAddressReservation::allocationId));
    }

    /** The node's EIP: associated with its instance's primary ENI, reserved for it, written on it, taint gone. */
    void assertLive(String node, int instance, String allocationId) throws Exception {
        Address a = world.address(allocationId);
        assertThat(a.networkInterfaceId())
                .as(node + "'s address's ENI")
                .isEqualTo(world.primaryEni(instances.get(instance)));
        assertThat(world.tags(allocationId))
                .containsEntry(Tags.NODE, node)
                .containsEntry(Tags.CLUSTER, CLUSTER)
                .containsEntry(Tags.POOL, POOL);
        assertThat(reservations()).containsEntry(node, allocationId);
        Node n = client.nodes().withName(node).get();
        assertThat(n.getMetadata().getAnnotations()).containsEntry(NodeWriter.ADDRESS_ANNOTATION, a.publicIp());
        assertThat(n.getMetadata().getLabels()).containsEntry(NodeWriter.POOL_LABEL, POOL);
        assertThat(n.getSpec().getTaints()).extracting("key").containsExactly("other");
        assertOneAddressPerInstance();
    }

    /** Never two of the pool's addresses on one instance, never one address reserved twice. */
    void assertOneAddressPerInstance() throws Exception {
        List<String> enis = world.admin.describeAddresses().addresses().stream()
                .map(Address::networkInterfaceId)
                .filter(e -> e != null && !e.isEmpty())
                .toList();
        assertThat(enis).doesNotHaveDuplicates();
        assertThat(reservations().values()).doesNotHaveDuplicates();
    }

    void assertReleased(String allocationId, String node) throws Exception {
        Address a = world.address(allocationId);
        assertThat(a.associationId()).isNull();
        assertThat(world.tags(allocationId))
                .doesNotContainKeys(Tags.NODE, Tags.CLUSTER, Tags.POOL, Tags.BINDING)
                .containsEntry(Tags.LAST_NODE, node);
        assertThat(reservations()).doesNotContainKey(node).doesNotContainValue(allocationId);
    }

    List<String> events(String node, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .map(Event::getMessage)
                .toList();
    }

    @Test
    void selectedNodesGetTheMatchingAddressesInTheOrderTheUnselectedNothing() throws Exception {
        node("node-b", 1, EDGE);
        node("node-a", 0, EDGE);
        node("node-db", 2, Map.of("nodegroup", "db"));

        controller().runOnce();

        assertLive("node-a", 0, rank1);
        assertLive("node-b", 1, rank2);
        assertThat(world.address(notInPool).associationId()).isNull();
        assertThat(reservations()).doesNotContainKey("node-db");
        assertThat(client.nodes().withName("node-db").get().getMetadata().getAnnotations())
                .isNullOrEmpty();
        assertThat(events("node-a", "NodeAddressLive"))
                .singleElement()
                .asString()
                .contains(world.address(rank1).publicIp());
    }

    @Test
    void aDeletedNodesAddressIsDisassociatedThenFreedAndGoesToTheNextNode() throws Exception {
        node("node-a", 0, EDGE);
        node("node-b", 1, EDGE);
        controller().runOnce();

        client.nodes().withName("node-a").delete();
        controller().runOnce();

        assertReleased(rank1, "node-a");
        assertLive("node-b", 1, rank2);

        node("node-c", 2, EDGE);
        controller().runOnce();
        assertLive("node-c", 2, rank1);
    }

    @Test
    void aNodeWhoseInstanceEc2DoesNotKnowReservesNothingAndTheOthersAreServed() throws Exception {
        node("node-a", 0, EDGE);
        node("node-ghost", "aws:///us-east-1a/i-0123456789abcdef0", EDGE);

        controller().runOnce();

        assertLive("node-a", 0, rank1);
        assertThat(reservations()).containsOnlyKeys("node-a");
        assertThat(world.address(rank2).associationId()).isNull();
    }

    @Test
    void aRestartedControllerKeepsEveryAddressAndMakesNoMutatingCall() throws Exception {
        node("node-a", 0, EDGE);
        node("node-b", 1, EDGE);
        controller().runOnce();

        store.close();
        store = new EtcdReservationStore(storeConfig());
        AwsCloud fresh = world.cloud();
        controller(fresh).runOnce();

        assertLive("node-a", 0, rank1);
        assertLive("node-b", 1, rank2);
        assertThat(fresh.calls().calls().keySet())
                .doesNotContainAnyElementsOf(MUTATING)
                .contains("DescribeAddresses");
    }

    @Test
    void withNoFreeAddressTheNodeWaitsWithAWarningAndGetsOneOnceOneIsFree() throws Exception {
        node("node-a", 0, EDGE);
        node("node-b", 1, EDGE);
        node("node-c", 2, EDGE);
        NodeAddressController controller = controller();
        controller.runOnce();
        controller.runOnce();

        assertLive("node-a", 0, rank1);
        assertLive("node-b", 1, rank2);
        assertThat(reservations()).doesNotContainKey("node-c");
        assertThat(events("node-c", "NoFreeAddress"))
                .as("one Warning while it waits, not one per pass")
                .singleElement()
                .asString()
                .contains("node pool kubeip has no free Elastic IP for node node-c");
        assertThat(client.nodes().withName("node-c").get().getSpec().getTaints())
                .extracting("key")
                .contains(TAINT);

        client.nodes().withName("node-a").delete();
        controller.runOnce(); // releases node-a's
        assertReleased(rank1, "node-a");
        controller.runOnce(); // hands it on
        assertLive("node-c", 2, rank1);
        assertLive("node-b", 1, rank2);
    }

    @ParameterizedTest(name = "an assignment killed before EC2 call {0} converges")
    @ValueSource(ints = {0, 1})
    void anAssignmentKilledAtEachStepConverges(int k) throws Exception {
        node("node-a", 0, EDGE);

        assertThatThrownBy(() -> killedAt(k).runOnce()).isInstanceOf(Killed.class);
        assertThat(reservations()).as("reserved before any cloud call").containsEntry("node-a", rank1);
        controller().runOnce();

        assertLive("node-a", 0, rank1);
        assertThat(world.address(rank2).associationId()).isNull();
    }

    @ParameterizedTest(name = "a release killed before EC2 call {0} converges")
    @ValueSource(ints = {0, 1, 2})
    void aReleaseKilledAtEachStepConverges(int k) throws Exception {
        node("node-a", 0, EDGE);
        controller().runOnce();
        client.nodes().withName("node-a").delete();

        assertThatThrownBy(() -> killedAt(k).runOnce()).isInstanceOf(Killed.class);
        assertThat(reservations())
                .as("freed only once the cloud shows it released")
                .containsEntry("node-a", rank1);
        controller().runOnce();

        assertReleased(rank1, "node-a");
    }

    @Test
    void anAssociationWhoseReservationAndNodeWriteWereLostIsAdoptedNotDoubled() throws Exception {
        node("node-b", 1, EDGE);
        AwsCloud before = world.cloud();
        clouds.add(before);
        before.nodes().associate(rank2, before.nodes().target(CLUSTER, POOL, "node-b", instances.get(1)));

        controller().runOnce();

        assertLive("node-b", 1, rank2);
        assertThat(world.address(rank1).associationId())
                .as("the first in order stays free")
                .isNull();
        assertThat(reservations()).hasSize(1);
    }

    @Test
    void aReservationWhoseAssociationNeverHappenedIsAssociated() throws Exception {
        node("node-b", 1, EDGE);
        String ip = world.address(rank2).publicIp();
        assertThat(store.reserveNodeAddress(new NodeAddressReservation(POOL, "node-b", rank2, ip))
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS))
                .isPresent();

        controller().runOnce();

        assertLive("node-b", 1, rank2);
        assertThat(world.address(rank1).associationId()).isNull();
    }

    @Test
    void anAddressIsReservedOnceWhateverTheCallers() throws Exception {
        String ip = world.address(rank1).publicIp();
        var first = store.reserveNodeAddress(new NodeAddressReservation(POOL, "node-a", rank1, ip))
                .toCompletableFuture()
                .get();
        var sameAddress = store.reserveNodeAddress(new NodeAddressReservation("other", "node-b", rank1, ip))
                .toCompletableFuture()
                .get();
        var sameNode = store.reserveNodeAddress(new NodeAddressReservation(POOL, "node-a", rank2, ip))
                .toCompletableFuture()
                .get();

        assertThat(first).isPresent();
        assertThat(sameAddress).isEmpty();
        assertThat(sameNode).isEmpty();
        NodeAddressReservation.Stored stale = new NodeAddressReservation.Stored(
                first.get().reservation(), first.get().revision() - 1);
        assertThat(store.releaseNodeAddress(stale).toCompletableFuture().get()).isFalse();
        assertThat(reservations()).containsOnly(Map.entry("node-a", rank1));
        assertThat(store.releaseNodeAddress(first.get()).toCompletableFuture().get())
                .isTrue();
        assertThat(reservations()).isEmpty();
    }

    /** A controller that also reconciles (every pass) and writes the pool's status; the pool exists in the API. */
    NodeAddressController audited(Duration grace) {
        if (client.resources(IPPool.class).withName(POOL).get() == null) {
            client.resources(IPPool.class).resource(pool()).create();
        }
        AwsCloud cloud = world.cloud();
        clouds.add(cloud);
        EventRecorder events = new EventRecorder(client, "stickyip-node-addresses", "", Clock.systemUTC());
        NodeWriter writer = new NodeWriter(client, events);
        var audit = new NodeAddressController.Audit(
                new CloudAudit(CLUSTER, cloud.reconciler(), grace, Duration.ZERO, Clock.systemUTC()),
                statusWriter = new CloudPoolStatus(client),
                () -> Optional.of(Map.of()),
                (p, reason, message) -> events.record(p, EventRecorder.Type.Warning, reason, message),
                Clock.systemUTC());
        return new NodeAddressController(
                CLUSTER,
                () -> List.of(client.resources(IPPool.class).withName(POOL).get()),
                store,
                new NodeSteps(CLUSTER, cloud.nodes(), store, writer, 5000),
                writer,
                5000,
                Optional.of(audit));
    }

    CloudPoolStatus statusWriter;

    /**
     * The status last written (the merge patch sent). Not the mock's stored status: fabric8's mock server
     * appends lists on a merge patch where RFC 7386 (and the API server) replaces them; NodeAddressesE2EIT
     * reads the real API server's.
     */
    IPPoolStatus status() {
        return statusWriter.written(POOL).orElseThrow();
    }

    static String condition(IPPoolStatus s, String type) {
        return s.getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus() + " " + c.getReason())
                .findFirst()
                .orElse("(none)");
    }

    @Test
    void thePoolStatusCountsTheWaitingNodesAndSaysWhenNoneWaits() throws Exception {
        node("node-a", 0, EDGE);
        node("node-b", 1, EDGE);
        node("node-c", 2, EDGE);
        NodeAddressController controller = audited(Duration.ofHours(1));
        controller.runOnce();
        controller.runOnce();

        assertThat(status().getTotal()).isEqualTo(2);
        assertThat(status().getWaiting()).isEqualTo(1);
        assertThat(status().getFree()).isZero();
        assertThat(condition(status(), PoolCondition.NODES_WAITING)).isEqualTo("True NoFreeAddress");
        assertThat(condition(status(), PoolCondition.CLOUD_IN_SYNC)).isEqualTo("True InSync");

        client.nodes().withName("node-c").delete();
        controller.runOnce();

        assertThat(status().getWaiting()).isZero();
        assertThat(condition(status(), PoolCondition.NODES_WAITING)).isEqualTo("False AllNodesServed");
    }

    @Test
    void aLeakedEipTaggedForThisClusterIsReleasedOnceUnheldForTheGraceAndAHeldOneNever() throws Exception {
        node("node-a", 0, EDGE);
        String leaked =
                world.eip(Map.of("kubeip", "other", Tags.CLUSTER, CLUSTER, Tags.POOL, POOL, Tags.NODE, "node-gone"));
        String eni = world.primaryEni(instances.get(2));
        world.admin.associateAddress(r -> r.allocationId(leaked).networkInterfaceId(eni));
        String binding =
                new Binding(eni, world.address(leaked).privateIpAddress()).tagValue(); // as our association records it
        world.admin.createTags(r -> r.resources(leaked)
                .tags(software.amazon.awssdk.services.ec2.model.Tag.builder()
                        .key(Tags.BINDING)
                        .value(binding)
                        .build()));

        NodeAddressController patient = audited(Duration.ofHours(1));
        patient.runOnce();
        assertThat(world.address(leaked).associationId())
                .as("within the grace: kept")
                .isNotNull();

        NodeAddressController prompt = audited(Duration.ZERO); // a new leader with a zero grace
        prompt.runOnce();

        assertThat(world.address(leaked).associationId())
                .as("past the grace: disassociated")
                .isNull();
        assertThat(world.tags(leaked)).doesNotContainKeys(Tags.CLUSTER, Tags.POOL, Tags.NODE);
        assertLive("node-a", 0, rank1);
    }

    @Test
    void aReservedEipAssociatedElsewhereBySomeoneElseIsReportedOnThePoolAndNotTakenBack() throws Exception {
        node("node-a", 0, EDGE);
        NodeAddressController controller = audited(Duration.ofHours(1));
        controller.runOnce();
        assertLive("node-a", 0, rank1);
        String elsewhere = world.primaryEni(instances.get(2));
        world.admin.disassociateAddress(
                r -> r.associationId(world.address(rank1).associationId()));
        world.admin.associateAddress(r -> r.allocationId(rank1).networkInterfaceId(elsewhere));

        controller.runOnce();

        assertThat(condition(status(), PoolCondition.CLOUD_IN_SYNC)).isEqualTo("False CloudDiffers");
        assertThat(client.v1().events().inAnyNamespace().list().getItems().stream()
                        .filter(e -> "CloudDiffers".equals(e.getReason()))
                        .map(Event::getMessage)
                        .toList())
                .singleElement()
                .asString()
                .contains(rank1)
                .contains("did not bind");
        assertThat(world.address(rank1).networkInterfaceId())
                .as("left where someone put it")
                .isEqualTo(elsewhere);
    }

    /** A static node pool (no provider named: static is the default). */
    IPPool staticPool() {
        return Pools.pool("routed", null, s -> {
            s.setScope(IPPoolSpec.Scope.Node);
            s.setNodeSelector(EDGE);
            s.setRanges(List.of("192.0.2.10-192.0.2.11"));
            s.setTaintKey(TAINT);
        });
    }

    /** What the node's agent writes once the address is on the node (agent/node/NodeAddressPlumbing). */
    void agentReportsLive(String node, String address) {
        Node n = client.nodes().withName(node).get();
        n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .addNewCondition()
                .withType(io.stickyip.core.node.NodeAddressContract.LIVE_CONDITION)
                .withStatus("True")
                .withReason("AddressOnNode")
                .withMessage(address)
                .endCondition()
                .build());
        client.nodes().resource(n).updateStatus();
    }

    @Test
    void aStaticNodePoolGivesEachSelectedNodeAnAddressKeepsTheTaintUntilTheAgentSaysLiveAndHandsOnAGoneNodes()
            throws Exception {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("metal-a")
                        .withLabels(EDGE)
                        .endMetadata()
                        .withNewSpec()
                        .addNewTaint()
                        .withKey(TAINT)
                        .withEffect("NoSchedule")
                        .endTaint()
                        .endSpec()
                        .build())
                .create();
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("metal-b")
                        .withLabels(EDGE)
                        .endMetadata()
                        .withNewSpec()
                        .addNewTaint()
                        .withKey(TAINT)
                        .withEffect("NoSchedule")
                        .endTaint()
                        .endSpec()
                        .build())
                .create();
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("metal-c")
                        .withLabels(EDGE)
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .build())
                .create();
        AwsCloud cloud = world.cloud();
        clouds.add(cloud);
        NodeWriter writer =
                new NodeWriter(client, new EventRecorder(client, "stickyip-node-addresses", "", Clock.systemUTC()));
        NodeAddressController controller = new NodeAddressController(
                CLUSTER,
                () -> List.of(staticPool()),
                store,
                new NodeSteps(CLUSTER, cloud.nodes(), store, writer, 5000),
                writer,
                5000);

        controller.runOnce();

        assertThat(reservations())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("metal-a", "static-192.0.2.10", "metal-b", "static-192.0.2.11"));
        assertThat(client.nodes().withName("metal-a").get().getMetadata().getAnnotations())
                .containsEntry(NodeWriter.ADDRESS_ANNOTATION, "192.0.2.10");
        assertThat(client.nodes().withName("metal-a").get().getSpec().getTaints())
                .as("not live yet")
                .extracting("key")
                .contains(TAINT);
        assertThat(cloud.calls().total()).as("a static pool calls no cloud").isZero();

        agentReportsLive("metal-a", "192.0.2.10");
        controller.runOnce();

        assertThat(client.nodes().withName("metal-a").get().getSpec().getTaints())
                .extracting("key")
                .doesNotContain(TAINT);
        assertThat(client.nodes().withName("metal-b").get().getSpec().getTaints())
                .extracting("key")
                .contains(TAINT);

        client.nodes().withName("metal-a").delete();
        controller.runOnce(); // frees metal-a's
        controller.runOnce(); // hands it on
        assertThat(reservations())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("metal-c", "static-192.0.2.10", "metal-b", "static-192.0.2.11"));
        assertThat(client.nodes().withName("metal-c").get().getMetadata().getAnnotations())
                .containsEntry(NodeWriter.ADDRESS_ANNOTATION, "192.0.2.10");
    }
}
