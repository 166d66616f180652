package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.AddressOrder;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.NodeAssociation;
import io.stickyip.core.cloud.aws.Tags;
import io.stickyip.core.node.NodeAddressPlan;
import io.stickyip.core.node.NodeAddressPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Address;

/** Node-level pools against moto's EC2: KubeIP's filter and order, association, release, refusal. */
@ExtendWith(MotoExtension.class)
class NodeAddressesIT {

    MotoWorld world;

    @BeforeEach
    void world(MotoWorld world) {
        this.world = world;
    }

    @Test
    void theKubeIpFilterAndOrderGiveOnlyMatchingAddressesInOrder() throws Exception {
        String second = world.eip(Map.of("kubeip", "reserved", "environment", "prod", "rank", "2"));
        String first = world.eip(Map.of("kubeip", "reserved", "environment", "prod", "rank", "1"));
        String third = world.eip(Map.of("kubeip", "reserved", "environment", "prod", "rank", "3"));
        world.eip(Map.of("kubeip", "reserved", "environment", "dev", "rank", "0"));
        world.eip(Map.of());
        AddressFilter filter =
                AddressFilter.parse("FILTER", "Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=prod");
        AddressOrder order = AddressOrder.parse("ORDER_BY", "Tag:rank");
        List<String> instances = world.instances(2);

        try (AwsCloud cloud = world.cloud()) {
            List<ElasticIp> pool = cloud.nodes().pool(filter);
            assertThat(order.sort(pool)).extracting(ElasticIp::allocationId).containsExactly(first, second, third);

            NodeAddressPlan<ElasticIp> plan = NodeAddressPlanner.plan(
                    pool, order, List.of("node-b", "node-a"), Set.of("node-a", "node-b"), Map.of(), Map.of());
            assertThat(plan.assignments())
                    .extracting(a -> a.node() + "=" + a.address().allocationId())
                    .containsExactly("node-a=" + first, "node-b=" + second);

            for (int i = 0; i < 2; i++) {
                NodeAddressPlan.Assignment<ElasticIp> a = plan.assignments().get(i);
                NodeAssociation.Target target =
                        cloud.nodes().target(MotoWorld.CLUSTER, "public", a.node(), instances.get(i));
                assertThat(cloud.nodes().associate(a.address().allocationId(), target))
                        .isInstanceOf(CloudStep.Done.class);
            }
        }
        Address a = world.address(first);
        assertThat(a.networkInterfaceId()).isEqualTo(world.primaryEni(instances.get(0)));
        assertThat(world.tags(first))
                .containsEntry(Tags.NODE, "node-a")
                .containsEntry(Tags.CLUSTER, MotoWorld.CLUSTER)
                .containsEntry(Tags.POOL, "public")
                .containsKey(Tags.BINDING);
        assertThat(world.address(second).networkInterfaceId()).isEqualTo(world.primaryEni(instances.get(1)));
        assertThat(world.address(third).associationId()).isNull();
    }

    @Test
    void aRestartedAgentFindsItsAddressLiveAndCallsNothingMutating() {
        String eip = world.eip(Map.of("kubeip", "reserved"));
        String instance = world.instances(1).get(0);
        try (AwsCloud cloud = world.cloud()) {
            NodeAssociation.Target target = cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instance);
            assertThat(cloud.nodes().associate(eip, target)).isInstanceOf(CloudStep.Done.class);
        }
        List<CloudStep> steps = new ArrayList<>();
        try (AwsCloud restarted = world.cloud((i, step) -> steps.add(step))) {
            NodeAssociation.Target target = restarted.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instance);
            assertThat(restarted.nodes().associate(eip, target)).isInstanceOf(CloudStep.Done.class);
            assertThat(restarted.calls().calls()).doesNotContainKeys("AssociateAddress", "CreateTags");
        }
        assertThat(steps).isEmpty();
    }

    @Test
    void releaseOnNodeDeletionDisassociatesAndDropsOurTags() {
        String eip = world.eip(Map.of("kubeip", "reserved"));
        String instance = world.instances(1).get(0);
        try (AwsCloud cloud = world.cloud()) {
            NodeAssociation.Target target = cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instance);
            cloud.nodes().associate(eip, target);

            NodeAddressPlan<ElasticIp> plan = NodeAddressPlanner.plan(
                    cloud.nodes().pool(AddressFilter.NONE),
                    AddressOrder.DEFAULT,
                    List.of(),
                    Set.of(),
                    Map.of(eip, "node-a"),
                    Map.of("node-a", eip));
            assertThat(plan.releases()).containsExactly(new NodeAddressPlan.Release("node-a", eip));

            assertThat(cloud.nodes().release(eip, "node-a")).isInstanceOf(CloudStep.Released.class);
        }
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.tags(eip))
                .containsEntry("kubeip", "reserved")
                .containsEntry(Tags.LAST_NODE, "node-a")
                .doesNotContainKeys(Tags.CLUSTER, Tags.POOL, Tags.NODE, Tags.BINDING);
    }

    @Test
    void anAddressAssociatedElsewhereIsRefusedAndLeftThere() {
        String eip = world.eip(Map.of("kubeip", "reserved"));
        List<String> instances = world.instances(2);
        String theirs = world.primaryEni(instances.get(1));
        world.admin.associateAddress(r -> r.allocationId(eip).networkInterfaceId(theirs));
        try (AwsCloud cloud = world.cloud()) {
            NodeAssociation.Target target =
                    cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0));
            CloudStep result = cloud.nodes().associate(eip, target);
            assertThat(result)
                    .isInstanceOfSatisfying(
                            CloudStep.Refused.class,
                            r -> assertThat(r.reason()).isEqualTo(CloudStep.Reason.HELD_ELSEWHERE));
            assertThat(cloud.calls().calls()).doesNotContainKeys("AssociateAddress", "CreateTags");
        }
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(theirs);
    }

    @Test
    void aRaceLostAtTheAssociationIsRefusedByAllowReassociationFalse() {
        String eip = world.eip(Map.of("kubeip", "reserved"));
        List<String> instances = world.instances(2);
        String theirs = world.primaryEni(instances.get(1));
        StepRunner.StepGate someoneElseFirst = (i, step) -> {
            if (step instanceof CloudStep.Associate) {
                world.admin.associateAddress(r -> r.allocationId(eip).networkInterfaceId(theirs));
            }
        };
        try (AwsCloud cloud = world.cloud(someoneElseFirst)) {
            NodeAssociation.Target target =
                    cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0));
            CloudStep result = cloud.nodes().associate(eip, target);
            assertThat(result)
                    .isInstanceOfSatisfying(
                            CloudStep.Refused.class,
                            r -> assertThat(r.reason()).isEqualTo(CloudStep.Reason.HELD_ELSEWHERE));
            assertThat(cloud.calls().calls()).containsEntry("AssociateAddress", 1L);
        }
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(theirs);
    }
}
