package io.stickyip.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.agent.pods.CloudPlumbingProbe;
import io.stickyip.aws.AwsCloud;
import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.PodAttachment;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.Attachment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent's cloud side against moto's EC2: the EIP found by the pod's public IP within the pool's filter, bound
 * on the node's instance, the pod's attachment turned into a routed one with the private address, a move refused
 * without the fence and done with it, a release from a node the EIP is no longer bound on that touches nothing,
 * the release that gives it back (disassociated, unassigned, our tags gone), and the node's capacity.
 */
@ExtendWith(MotoExtension.class)
class AwsPodCloudIT {
    static final String FILTER = CloudFixtures.FILTER;

    MotoWorld world;
    AwsCloud aws;
    AwsPodCloud cloud;
    List<String> instances;
    String eip;
    String publicIp;
    PoolCatalog pools;
    CloudAddress address;

    @BeforeEach
    void world(MotoWorld world) throws ContractViolation {
        this.world = world;
        instances = world.instances(2);
        world.eip(Map.of("team", "other"));
        eip = world.eip(Map.of("team", "web"));
        publicIp = world.address(eip).publicIp();
        aws = world.cloud();
        cloud = new AwsPodCloud(aws, MotoWorld.CLUSTER, Duration.ofSeconds(5));
        pools = CloudFixtures.pools(publicIp);
        address = new CloudAddress("eips", AddressFilter.parse("f", FILTER), publicIp, "shop/deployment/web/0");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    Pod pod() {
        return CloudFixtures.pod("web-1", "w1", publicIp);
    }

    String eni(int i) {
        return world.primaryEni(instances.get(i));
    }

    @Test
    void bindsThePodsEipOnItsNodeAndPlumbsThePrivateAddress() {
        PodAttachment planned = new PodAttachment(
                "eips",
                Attachment.Mode.ROUTED,
                null,
                List.of(IpPrefix.host(publicIp)),
                null,
                List.of(),
                List.of(IpPrefix.parse("10.96.0.0/12")));

        PodAttachment routed = CloudPlumbingProbe.bound(cloud, instances.get(0), pod(), publicIp, planned, pools);

        Set<String> secondaries = world.secondaries().get(eni(0));
        assertThat(secondaries).hasSize(1);
        String privateIp = secondaries.iterator().next();
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni(0));
        assertThat(world.tags(eip))
                .containsEntry("stickyip.io/owner", "shop/deployment/web/0")
                .containsEntry("stickyip.io/binding", eni(0) + "/" + privateIp);
        assertThat(routed.mode()).isEqualTo(Attachment.Mode.ROUTED);
        assertThat(routed.addresses()).containsExactly(IpPrefix.host(privateIp));
        assertThat(routed.gateway()).isNull();
        assertThat(routed.keepOnEth0()).isEqualTo(planned.keepOnEth0());
        assertThat(cloud.held("eips", address.filter()))
                .containsExactly(new PodCloud.Held(publicIp, "shop/deployment/web/0", java.util.Optional.of(eni(0))));
    }

    @Test
    void aMoveNeedsTheFenceAndAReleaseFromTheOldNodeTouchesNothingThere() {
        assertThat(cloud.bind(address, instances.get(0), true)).isInstanceOf(CloudStep.Done.class);

        assertThat(cloud.bind(address, instances.get(1), false))
                .isInstanceOfSatisfying(
                        CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(CloudStep.Reason.FENCED));
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni(0));

        assertThat(cloud.bind(address, instances.get(1), true)).isInstanceOf(CloudStep.Done.class);
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni(1));
        assertThat(world.secondaries().get(eni(0))).isEmpty();
        assertThat(world.secondaries().get(eni(1))).hasSize(1);

        // the old node's late release (its pod went after the move): the binding is the new node's, left alone
        CloudPlumbingProbe.release(cloud, instances.get(0), List.of(publicIp), pools);
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni(1));
        assertThat(world.secondaries().get(eni(1))).hasSize(1);

        CloudPlumbingProbe.release(cloud, instances.get(1), List.of(publicIp), pools);
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.tags(eip)).containsOnlyKeys("team");
    }

    @Test
    void anAddressNotInThePoolsFilterIsRefusedAsVanished() throws ContractViolation {
        CloudAddress outside = new CloudAddress(
                "eips", AddressFilter.parse("f", "Name=tag:team,Values=nobody"), publicIp, "x/pod/y/0");
        assertThat(cloud.bind(outside, instances.get(0), true))
                .isInstanceOfSatisfying(
                        CloudStep.Refused.class, r -> assertThat(r.reason()).isEqualTo(CloudStep.Reason.VANISHED));
        assertThat(world.address(eip).associationId()).isNull();
    }

    @Test
    void theCapacityIsTheInstanceTypesRoomPerEniCappedByTheSetting() {
        // m5.large: 10 IPv4 addresses per interface, one of them the primary
        assertThat(cloud.capacity(instances.get(0), 64)).isEqualTo(9);
        assertThat(cloud.capacity(instances.get(0), 4)).isEqualTo(4);
        cloud.bind(address, instances.get(0), true);
        assertThat(cloud.capacity(instances.get(0), 64))
                .as("our own secondary address does not take room")
                .isEqualTo(9);
        world.admin.assignPrivateIpAddresses(r -> r.networkInterfaceId(eni(0)).secondaryPrivateIpAddressCount(2));
        assertThat(cloud.capacity(instances.get(0), 64)).as("someone else's do").isEqualTo(7);
    }
}
