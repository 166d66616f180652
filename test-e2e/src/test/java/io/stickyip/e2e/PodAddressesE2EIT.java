package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.aws.testing.MotoServer;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfacePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Pod-level public addresses in the local cluster: the stand-in agent restarted with the moto endpoint, two KWOK
 * nodes whose {@code providerID}s name moto instances, a {@code scope: Pod} aws pool over one Elastic IP, and a
 * Deployment (Recreate, one replica) holding it. The pod's EIP is associated with a secondary private address of its
 * node's primary ENI; it follows the workload through a pod deletion and a move to the other node (the old secondary
 * address unassigned, the EIP on the new node's ENI only); deleting the Deployment releases it (disassociated,
 * unassigned, our tags gone). The nodes advertise the instance type's room ({@code m5.large}: 10 per ENI, less the primary).
 */
class PodAddressesE2EIT {
    static final String NS = "e2e-pod-eip";
    static final String POOL = "e2e-pod-eips";
    static final String APP = "public-app";
    static final String NODE_PREFIX = "e2e-podeip-";
    static final String MARK = "e2e.stickyip.io/pod-eip";
    static final String REGION = "us-east-1";
    static final Duration WAIT = Duration.ofSeconds(120);

    static ClusterHarness cluster;
    static KubernetesClient k;
    static MotoServer moto;
    static Ec2Client ec2;
    static List<String> instances;
    static String eip;
    static String publicIp;

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
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.31.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.31.1.0/24"))
                .subnet()
                .subnetId();
        instances = ec2
                .runInstances(r -> r.imageId("ami-12c6146b")
                        .minCount(2)
                        .maxCount(2)
                        .instanceType(InstanceType.M5_LARGE)
                        .subnetId(subnet))
                .instances()
                .stream()
                .map(i -> i.instanceId())
                .toList();
        eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                        .tagSpecifications(TagSpecification.builder()
                                .resourceType(ResourceType.ELASTIC_IP)
                                .tags(Tag.builder()
                                        .key("e2e-pod-eip")
                                        .value("yes")
                                        .build())
                                .build()))
                .allocationId();
        publicIp = address().publicIp();
        cluster.agent(
                "restart",
                "stand-in",
                Map.of(
                        "STICKYIP_CLUSTER_NAME",
                        "stickyip-e2e",
                        "STICKYIP_AWS_REGION",
                        REGION,
                        "STICKYIP_AWS_ENDPOINT",
                        moto.endpoint().toString(),
                        "STICKYIP_AWS_VERIFY_PRIVATE_IP",
                        "false",
                        "STICKYIP_AWS_MUTATIONS_PER_SECOND",
                        "20",
                        "STICKYIP_RESYNC_INTERVAL",
                        "5s",
                        "AWS_ACCESS_KEY_ID",
                        "testing",
                        "AWS_SECRET_ACCESS_KEY",
                        "testing"));
        k.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        node(1, false);
        node(2, true);
        k.resource(pool()).serverSideApply();
    }

    @AfterAll
    static void tearDown() {
        try {
            k.apps().deployments().inNamespace(NS).withName(APP).delete();
            k.pods().inNamespace(NS).withGracePeriod(0).delete();
            k.resources(IPPool.class).withName(POOL).delete();
            k.nodes().withLabel(MARK).delete();
            cluster.agent("restart", "stand-in", Map.of());
        } finally {
            if (ec2 != null) {
                ec2.close();
            }
            if (moto != null) {
                moto.close();
            }
        }
    }

    static IPPool pool() {
        // the webhook's allocator hands out the pool's addresses: the EIPs' public IPs (docs/aws.md)
        return Pools.awsPod(POOL, "Name=tag:e2e-pod-eip,Values=yes", List.of(publicIp), s -> {
            s.getProvider().setRegion(REGION);
            s.setNamespaces(List.of(NS));
        });
    }

    static void node(int i, boolean cordoned) {
        String name = NODE_PREFIX + i;
        Node node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations("kwok.x-k8s.io/node", "fake")
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .addToLabels("type", "kwok")
                .addToLabels(MARK, "yes")
                .addToLabels("kubernetes.io/hostname", name)
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///us-east-1a/" + instances.get(i - 1))
                .withUnschedulable(cordoned)
                .withTaints(new Taint("NoSchedule", MARK, null, "yes"))
                .endSpec()
                .withNewStatus()
                .withAddresses(new NodeAddress("10.251.0." + i, "InternalIP"), new NodeAddress(name, "Hostname"))
                .withAllocatable(
                        Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi"), "pods", new Quantity("110")))
                .withCapacity(
                        Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi"), "pods", new Quantity("110")))
                .endStatus()
                .build();
        k.nodes().resource(node).create();
    }

    static void cordon(int i, boolean cordoned) {
        k.nodes()
                .withName(NODE_PREFIX + i)
                .edit(n -> new NodeBuilder(n)
                        .editSpec()
                        .withUnschedulable(cordoned)
                        .endSpec()
                        .build());
    }

    static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(APP)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewStrategy()
                .withType("Recreate")
                .endStrategy()
                .withNewSelector()
                .addToMatchLabels("app", APP)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", APP)
                .addToAnnotations("stickyip.io/pool", POOL)
                .endMetadata()
                .withNewSpec()
                .withNodeSelector(Map.of(MARK, "yes"))
                .withTolerations(new Toleration("NoSchedule", MARK, "Equal", null, "yes"))
                .addToContainers(Pods.app())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static Address address() {
        return ec2.describeAddresses(r -> r.allocationIds(eip)).addresses().getFirst();
    }

    static NetworkInterface primaryEni(int i) {
        String id = ec2
                .describeInstances(r -> r.instanceIds(instances.get(i - 1)))
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
        return ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds(id))
                .networkInterfaces()
                .getFirst();
    }

    static List<String> secondaryIps(int i) {
        return primaryEni(i).privateIpAddresses().stream()
                .filter(p -> !Boolean.TRUE.equals(p.primary()))
                .map(NetworkInterfacePrivateIpAddress::privateIpAddress)
                .toList();
    }

    static Optional<String> tag(Address a, String key) {
        return a.tags().stream()
                .filter(t -> t.key().equals(key))
                .map(Tag::value)
                .findFirst();
    }

    /** The Deployment's pod that is not terminating, with its address live (condition True) on node {@code i}. */
    static Pod awaitLiveOn(int i, String notUid) {
        return await().atMost(WAIT)
                .until(
                        () -> k.pods().inNamespace(NS).withLabel("app", APP).list().getItems().stream()
                                .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                                        && !p.getMetadata().getUid().equals(notUid))
                                .filter(p ->
                                        (NODE_PREFIX + i).equals(p.getSpec().getNodeName()))
                                .filter(p -> FixedAddresses.condition(p, FixedAddresses.READY)
                                        .map(c -> "True".equals(c.getStatus()))
                                        .orElse(false))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** The EIP associated with a secondary address of node {@code i}'s primary ENI, the only secondary there. */
    static void assertBoundOn(int i) {
        Address a = address();
        assertThat(a.networkInterfaceId()).isEqualTo(primaryEni(i).networkInterfaceId());
        String binding = tag(a, "stickyip.io/binding").orElseThrow();
        assertThat(binding).startsWith(primaryEni(i).networkInterfaceId());
        String privateIp = binding.substring(binding.lastIndexOf('/') + 1);
        assertThat(secondaryIps(i)).containsExactly(privateIp);
        assertThat(tag(a, "stickyip.io/cluster")).contains("stickyip-e2e");
        assertThat(tag(a, "stickyip.io/owner")).contains(NS + "/deployment/" + APP + "/0");
    }

    @Test
    void aPodsElasticIpFollowsItsWorkloadThroughADeletionAndAMoveAndIsReleasedWithIt() {
        await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 1; i <= 2; i++) {
                assertThat(k.nodes().withName(NODE_PREFIX + i).get().getStatus().getCapacity())
                        .containsEntry("stickyip.io/ip", new Quantity("9"));
            }
        });
        k.apps().deployments().inNamespace(NS).resource(deployment()).create();

        Pod first = awaitLiveOn(1, "");
        assertThat(first.getMetadata().getAnnotations()).containsEntry("stickyip.io/reserved-ip", publicIp);
        await().atMost(WAIT).untilAsserted(() -> assertBoundOn(1));
        assertThat(secondaryIps(2)).isEmpty();

        // a pod deletion: the next pod of the slot gets the same EIP, associated again on its node
        k.pods()
                .inNamespace(NS)
                .withName(first.getMetadata().getName())
                .withGracePeriod(0)
                .delete();
        Pod second = awaitLiveOn(1, first.getMetadata().getUid());
        assertThat(second.getMetadata().getAnnotations()).containsEntry("stickyip.io/reserved-ip", publicIp);
        await().atMost(WAIT).untilAsserted(() -> assertBoundOn(1));

        // a move: node 1 cordoned, node 2 open, the pod deleted; the EIP ends on node 2's ENI only
        cordon(2, false);
        cordon(1, true);
        k.pods()
                .inNamespace(NS)
                .withName(second.getMetadata().getName())
                .withGracePeriod(0)
                .delete();
        Pod third = awaitLiveOn(2, second.getMetadata().getUid());
        assertThat(third.getMetadata().getAnnotations()).containsEntry("stickyip.io/reserved-ip", publicIp);
        await().atMost(WAIT).untilAsserted(() -> {
            assertBoundOn(2);
            assertThat(secondaryIps(1)).isEmpty();
        });

        // the Deployment deleted: disassociated, unassigned, our tags gone (the user's own tag stays)
        k.apps().deployments().inNamespace(NS).withName(APP).delete();
        await().atMost(WAIT).untilAsserted(() -> {
            Address a = address();
            assertThat(a.associationId()).isNull();
            assertThat(secondaryIps(1)).isEmpty();
            assertThat(secondaryIps(2)).isEmpty();
            assertThat(a.tags()).extracting(Tag::key).containsExactly("e2e-pod-eip");
        });
    }
}
