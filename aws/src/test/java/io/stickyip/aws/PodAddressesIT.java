package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.PodAddressCapacity;
import io.stickyip.core.cloud.aws.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pod-level public addresses against moto's EC2: secondary IP + EIP, a fenced move, release, capacity. */
@ExtendWith(MotoExtension.class)
class PodAddressesIT {

    MotoWorld world;
    List<String> instances;
    String eip;

    @BeforeEach
    void world(MotoWorld world) {
        this.world = world;
        instances = world.instances(2);
        eip = world.eip(Map.of("pool", "pods"));
    }

    PodAddresses.Holder on(int instance) {
        return new PodAddresses.Holder(MotoWorld.CLUSTER, "pods", "deployment/shop/db#0", instances.get(instance));
    }

    @Test
    void aPodGetsASecondaryIpOnItsNodesEniAndTheEipOnIt() {
        try (AwsCloud cloud = world.cloud()) {
            CloudStep result = cloud.pods().bind(eip, on(0), true);

            assertThat(result).isInstanceOf(CloudStep.Done.class);
            Binding binding = ((CloudStep.Done) result).binding();
            String eni = world.primaryEni(instances.get(0));
            assertThat(binding.networkInterfaceId()).isEqualTo(eni);
            assertThat(world.secondaries().get(eni)).containsExactly(binding.privateIp());
            assertThat(world.allSecondaries()).containsExactly(binding.privateIp());
            assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni);
            assertThat(world.tags(eip))
                    .containsEntry(Tags.BINDING, binding.tagValue())
                    .containsEntry(Tags.OWNER, "deployment/shop/db#0")
                    .containsEntry(Tags.CLUSTER, MotoWorld.CLUSTER);
        }
    }

    @Test
    void aMoveDisassociatesUnassignsAssignsAndAssociatesInThatOrder() {
        try (AwsCloud first = world.cloud()) {
            first.pods().bind(eip, on(0), true);
        }
        List<String> calls = new ArrayList<>();
        try (AwsCloud second = world.cloud((i, step) -> calls.add(SdkEc2Gateway.name(step)))) {
            CloudStep result = second.pods().bind(eip, on(1), true);

            assertThat(result).isInstanceOf(CloudStep.Done.class);
            assertThat(calls)
                    .containsExactly(
                            "DisassociateAddress",
                            "UnassignPrivateIpAddresses",
                            "CreateTags",
                            "AssignPrivateIpAddresses",
                            "AssociateAddress");
            Binding binding = ((CloudStep.Done) result).binding();
            String oldEni = world.primaryEni(instances.get(0));
            String newEni = world.primaryEni(instances.get(1));
            assertThat(binding.networkInterfaceId()).isEqualTo(newEni);
            assertThat(world.secondaries().get(oldEni)).isEmpty();
            assertThat(world.allSecondaries()).containsExactly(binding.privateIp());
            assertThat(world.address(eip).networkInterfaceId()).isEqualTo(newEni);
        }
    }

    @Test
    void withoutTheFenceAMoveLeavesTheOldBindingAlone() {
        try (AwsCloud cloud = world.cloud()) {
            Binding old = ((CloudStep.Done) cloud.pods().bind(eip, on(0), true)).binding();

            CloudStep result = cloud.pods().bind(eip, on(1), false);

            assertThat(result)
                    .isInstanceOfSatisfying(
                            CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(CloudStep.Reason.FENCED));
            assertThat(world.address(eip).networkInterfaceId()).isEqualTo(old.networkInterfaceId());
            assertThat(world.allSecondaries()).containsExactly(old.privateIp());
        }
    }

    @Test
    void releaseLeavesNoSecondaryIpNoAssociationAndNoTagOfOurs() {
        try (AwsCloud cloud = world.cloud()) {
            cloud.pods().bind(eip, on(0), true);

            assertThat(cloud.pods().release(eip, "deployment/shop/db#0")).isInstanceOf(CloudStep.Released.class);
        }
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.tags(eip)).containsOnlyKeys("pool");
    }

    @Test
    void capacityIsTheInstanceTypesPerEniLimitLessWhatOthersUse() {
        String eni = world.primaryEni(instances.get(0));
        try (AwsCloud cloud = world.cloud()) {
            Binding ours = ((CloudStep.Done) cloud.pods().bind(eip, on(0), true)).binding();
            world.admin.assignPrivateIpAddresses(r -> r.networkInterfaceId(eni).secondaryPrivateIpAddressCount(2));

            PodAddressCapacity capacity = cloud.pods().capacity(instances.get(0), Set.of(ours.privateIp()));

            // m5.large: 10 IPv4 addresses per interface (DescribeInstanceTypes), one is the primary, 2 are foreign
            assertThat(capacity.ipv4PerInterface()).isEqualTo(10);
            assertThat(capacity.capacity()).isEqualTo(7);
            assertThat(capacity.hasRoom()).isTrue();
        }
    }
}
