package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stickyip.aws.testing.MotoServer;
import io.stickyip.core.node.AgentExit;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The controller's node-address controller in the local cluster: both controller replicas restarted with
 * {@code STICKYIP_NODE_ADDRESSES=true} against a moto EC2 server on loopback, KWOK nodes whose
 * {@code providerID}s name moto instances, a node pool with the KubeIP filter: each selected node
 * gets its Elastic IP in the pool's order (associated in moto, reserved in stickyip's etcd, written
 * on the Node, its taint removed), and a deleted node's address is disassociated and freed.
 */
class NodeAddressesE2EIT {
    static final String POOL = "e2e-eips";
    static final String NODE_PREFIX = "e2e-eip-";
    static final String TAINT = "e2e.stickyip.io/no-public-ip";
    static final String REGION = "us-east-1";
    static final Duration WAIT = Duration.ofSeconds(90);

    static ClusterHarness cluster;
    static KubernetesClient k;
    static MotoServer moto;
    static Ec2Client ec2;
    static List<String> instances;
    static String first;
    static String second;
    static String outside;

    @BeforeAll
    static void setUp() {
        cluster = Clusters.get();
        k = cluster.client();
        moto = MotoServer.start();
        ec2 = Ec2Client.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.30.1.0/24"))
                .subnet()
                .subnetId();
        instances = ec2
                .runInstances(r -> r.imageId("ami-12c6146b")
                        .minCount(3)
                        .maxCount(3)
                        .instanceType(InstanceType.M5_LARGE)
                        .subnetId(subnet))
                .instances()
                .stream()
                .map(i -> i.instanceId())
                .toList();
        outside = eip(Map.of("kubeip", "other", "rank", "0"));
        second = eip(Map.of("kubeip", "e2e", "rank", "2"));
        first = eip(Map.of("kubeip", "e2e", "rank", "1"));
        Map<String, String> env = Map.of(
                "STICKYIP_NODE_ADDRESSES",
                "true",
                "STICKYIP_CLUSTER_NAME",
                "stickyip-e2e",
                "STICKYIP_NODE_ADDRESS_INTERVAL",
                "2s",
                "STICKYIP_CLOUD_RECONCILE_INTERVAL",
                "2s",
                "STICKYIP_AWS_REGION",
                REGION,
                "STICKYIP_AWS_ENDPOINT",
                moto.endpoint().toString(),
                "STICKYIP_AWS_VERIFY_PRIVATE_IP",
                "false",
                "AWS_ACCESS_KEY_ID",
                "testing",
                "AWS_SECRET_ACCESS_KEY",
                "testing");
        cluster.stopController(2);
        cluster.stopController(1);
        cluster.startControllers(env);
        k.resource(pool()).serverSideApply();
    }

    @AfterAll
    static void tearDown() {
        try {
            k.resources(IPPool.class).withName(POOL).delete();
            for (int i = 1; i <= 3; i++) {
                k.nodes().withName(NODE_PREFIX + i).delete();
            }
            cluster.stopController(1);
            cluster.stopController(2);
            cluster.startControllers(Map.of());
        } finally {
            if (ec2 != null) {
                ec2.close();
            }
            if (moto != null) {
                moto.close();
            }
        }
    }

    static String eip(Map<String, String> tags) {
        List<Tag> t = tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        return ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                        .tagSpecifications(TagSpecification.builder()
                                .resourceType(ResourceType.ELASTIC_IP)
                                .tags(t)
                                .build()))
                .allocationId();
    }

    static Address address(String allocationId) {
        return ec2.describeAddresses(r -> r.allocationIds(allocationId))
                .addresses()
                .getFirst();
    }

    static String primaryEni(String instanceId) {
        return ec2
                .describeInstances(r -> r.instanceIds(instanceId))
                .reservations()
                .getFirst()
                .instances()
                .getFirst()
                .networkInterfaces()
                .stream()
                .filter(n -> n.attachment().deviceIndex() == 0)
                .findFirst()
                .orElseThrow()
                .networkInterfaceId();
    }

    static IPPool pool() {
        // neither cidr nor ranges: an aws node pool's addresses are its filter's EIPs
        return Pools.awsNode(POOL, "Name=tag:kubeip,Values=e2e", s -> {
            s.getProvider().setRegion(REGION);
            s.getProvider().setOrderBy("Tag:rank");
            s.setNodeSelector(Map.of("nodegroup", "e2e-eip"));
            s.setTaintKey(TAINT);
        });
    }

    static void node(int i, String group) {
        Node node = new NodeBuilder()
                .withNewMetadata()
                .withName(NODE_PREFIX + i)
                .addToAnnotations("kwok.x-k8s.io/node", "fake")
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .addToLabels("type", "kwok")
                .addToLabels("nodegroup", group)
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///us-east-1a/" + instances.get(i - 1))
                .addNewTaint()
                .withKey(TAINT)
                .withEffect("NoSchedule")
                .endTaint()
                .addNewTaint()
                .withKey("kwok.x-k8s.io/node")
                .withValue("fake")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .build();
        k.nodes().resource(node).serverSideApply();
    }

    static void assertLive(int i, String allocationId) {
        Address a = address(allocationId);
        assertThat(a.networkInterfaceId()).isEqualTo(primaryEni(instances.get(i - 1)));
        Node n = k.nodes().withName(NODE_PREFIX + i).get();
        assertThat(n.getMetadata().getAnnotations()).containsEntry("stickyip.io/node-address", a.publicIp());
        assertThat(n.getMetadata().getLabels()).containsEntry("stickyip.io/node-pool", POOL);
        assertThat(n.getSpec().getTaints()).extracting("key").doesNotContain(TAINT);
        assertThat(cluster.etcd("/stickyip/v1/node-addresses/eips/" + allocationId)
                        .values())
                .singleElement()
                .asString()
                .contains("\"node\":\"" + NODE_PREFIX + i + "\"");
    }

    @Test
    void eachSelectedNodeGetsItsElasticIpInOrderAndADeletedNodesIsReleased() {
        // in name order: a pass may run between two creations, and the order holds among the nodes a pass sees
        node(1, "e2e-eip");
        node(2, "e2e-eip");
        node(3, "e2e-other");

        await().atMost(WAIT).untilAsserted(() -> {
            assertLive(1, first);
            assertLive(2, second);
        });
        assertThat(address(outside).associationId()).isNull();
        await().atMost(WAIT).untilAsserted(() -> {
            IPPoolStatus status = k.resources(IPPool.class).withName(POOL).get().getStatus();
            assertThat(status).isNotNull();
            assertThat(status.getTotal()).isEqualTo(2);
            assertThat(status.getWaiting()).isZero();
            assertThat(status.getConditions())
                    .extracting(c -> c.getType() + "=" + c.getStatus())
                    .containsExactlyInAnyOrder("NodesWaiting=False", "CloudInSync=True");
        });
        assertThat(k.nodes().withName(NODE_PREFIX + 3).get().getMetadata().getAnnotations())
                .doesNotContainKey("stickyip.io/node-address");

        k.nodes().withName(NODE_PREFIX + 1).delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(address(first).associationId()).isNull();
            assertThat(cluster.etcd("/stickyip/v1/node-addresses/eips/" + first))
                    .isEmpty();
        });
        assertLive(2, second);

        // release-on-exit: node 2's agent stops on a cordoned node (the condition it writes then:
        // agent/node/ExitSignal)
        k.nodes()
                .withName(NODE_PREFIX + 2)
                .edit(n -> new NodeBuilder(n)
                        .editSpec()
                        .withUnschedulable(true)
                        .endSpec()
                        .build());
        agentExited(2, true);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(address(second).associationId()).isNull();
            assertThat(cluster.etcd("/stickyip/v1/node-addresses/eips/" + second))
                    .isEmpty();
            assertThat(k.nodes().withName(NODE_PREFIX + 2).get().getMetadata().getAnnotations())
                    .doesNotContainKey("stickyip.io/node-address");
        });
        assertThat(k.nodes().withName(NODE_PREFIX + 2).get())
                .as("the Node itself stays")
                .isNotNull();

        // its agent runs again (uncordoned): the node gets its address back, the one its last-node tag names
        k.nodes()
                .withName(NODE_PREFIX + 2)
                .edit(n -> new NodeBuilder(n)
                        .editSpec()
                        .withUnschedulable(false)
                        .endSpec()
                        .build());
        agentExited(2, false);
        await().atMost(WAIT).untilAsserted(() -> assertLive(2, second));
    }

    /** What the agent writes at start (False) and at a stop on a node going away (True): a condition merged by type. */
    static void agentExited(int i, boolean exited) {
        String now = java.time.Instant.now().toString();
        String body = "{\"status\":{\"conditions\":[{\"type\":\"" + AgentExit.CONDITION + "\",\"status\":\""
                + (exited ? "True" : "False")
                + "\",\"reason\":\"" + (exited ? AgentExit.REASON_EXITED : AgentExit.REASON_RUNNING)
                + "\",\"message\":\"e2e\","
                + "\"lastHeartbeatTime\":\"" + now + "\",\"lastTransitionTime\":\"" + now + "\"}]}}";
        k.nodes()
                .withName(NODE_PREFIX + i)
                .subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), body);
    }
}
