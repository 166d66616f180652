package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.aws.testing.Ec2Fault;
import io.stickyip.aws.testing.FaultyEc2;
import io.stickyip.aws.testing.FaultyEc2.Outcome;
import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.NodeAssociation;
import io.stickyip.core.cloud.aws.Tags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.ec2.model.Address;

/**
 * Node-level addresses (NodeAddresses: tag, associate, read back; release) through {@link FaultyEc2} in front of moto:
 * two nodes get their EIPs and one is released under each {@link FaultCase}; moto, read directly, shows each EIP
 * associated once and with its own node's ENI, nothing of ours on the released one; the SDK's metrics count what the
 * proxy injected; once the faults stop, the same calls make no mutating call at all.
 */
@ExtendWith(MotoExtension.class)
class NodeAddressesUnderFaultsIT {

    MotoWorld world;
    FaultyEc2 proxy;
    List<String> instances;
    String eipA;
    String eipB;

    @BeforeEach
    void world(MotoWorld world, FaultyEc2 proxy) {
        this.world = world;
        this.proxy = proxy;
        instances = world.instances(2);
        eipA = world.eip(Map.of("kubeip", "reserved"));
        eipB = world.eip(Map.of("kubeip", "reserved"));
    }

    CloudStep associate(AwsCloud cloud, String eip, String node, int instance) {
        NodeAssociation.Target target =
                cloud.nodes().target(MotoWorld.CLUSTER, "public", node, instances.get(instance));
        return cloud.nodes().associate(eip, target);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FaultCase.class)
    void twoNodesGetTheirAddressesAndOneIsReleasedThroughTheFaults(FaultCase faults) {
        faults.injectInto(proxy);
        try (FaultRun run = new FaultRun(world, proxy)) {
            assertThat(run.settle(c -> associate(c, eipA, "node-a", 0))).isInstanceOf(CloudStep.Done.class);
            assertThat(run.settle(c -> associate(c, eipB, "node-b", 1))).isInstanceOf(CloudStep.Done.class);
            assertEachEipOnceOnItsOwnNode(Map.of(eipA, 0, eipB, 1));

            assertThat(run.settle(c -> c.nodes().release(eipA, "node-a"))).isInstanceOf(CloudStep.Released.class);

            assertReleased(eipA, "node-a");
            assertEachEipOnceOnItsOwnNode(Map.of(eipB, 1));
            FaultRun.assertInjected(faults, proxy);
            if (faults != FaultCase.TIMEOUTS) { // a lost response is sent again by the SDK: moto saw it twice
                assertThat(proxy.forwarded())
                        .containsEntry("AssociateAddress", 2L)
                        .containsEntry("DisassociateAddress", 1L);
            }
            run.assertMetricsMatch(proxy);
            if (faults == FaultCase.THROTTLING) {
                assertThat(run.cloud.metrics().backoff()).isPositive();
                assertThat(FaultRun.quietAfterThrottles(proxy))
                        .isGreaterThanOrEqualTo(run.cloud.metrics().backoff());
            }

            proxy.heal();
            Map<String, Long> before = proxy.forwarded();
            assertThat(associate(run.cloud, eipB, "node-b", 1)).isInstanceOf(CloudStep.Done.class);
            assertThat(run.cloud.nodes().release(eipA, "node-a")).isInstanceOf(CloudStep.Released.class);
            assertThat(writes(proxy.forwarded()))
                    .as("writes once the faults stopped")
                    .isEqualTo(writes(before));
        }
        assertEachEipOnceOnItsOwnNode(Map.of(eipB, 1));
        assertReleased(eipA, "node-a");
    }

    @Test
    void throttlingThatOutlastsTheRetriesFailsTheCallAndTheNextPassConvergesOnceItStops() {
        proxy.inject(Ec2Fault.throttle("AssociateAddress"));
        try (FaultRun run = new FaultRun(world, proxy)) {
            assertThatThrownBy(() -> associate(run.cloud, eipA, "node-a", 0))
                    .isInstanceOfSatisfying(
                            Ec2CallException.class,
                            e -> assertThat(e.errorCode()).contains("RequestLimitExceeded"));
            assertThat(world.address(eipA).associationId()).isNull();
            assertThat(proxy.injected(Outcome.THROTTLED)).isEqualTo(3); // the adaptive strategy's three attempts
            assertThat(run.meter("stickyip_ec2_calls", "outcome", "failure")).isEqualTo(1);
            run.assertMetricsMatch(proxy);

            proxy.heal();
            assertThat(associate(run.cloud, eipA, "node-a", 0)).isInstanceOf(CloudStep.Done.class);
        }
        assertThat(proxy.forwarded()).containsEntry("AssociateAddress", 1L);
        assertEachEipOnceOnItsOwnNode(Map.of(eipA, 0));
    }

    /** Read from moto directly: these EIPs on their instances' primary ENIs, every ENI with one EIP at most. */
    void assertEachEipOnceOnItsOwnNode(Map<String, Integer> expected) {
        List<Address> all = world.admin.describeAddresses().addresses();
        Map<String, List<String>> byEni = all.stream()
                .filter(a -> a.associationId() != null)
                .collect(Collectors.groupingBy(
                        Address::networkInterfaceId, Collectors.mapping(Address::allocationId, Collectors.toList())));
        assertThat(byEni.values())
                .as("EIPs per ENI")
                .allSatisfy(eips -> assertThat(eips).hasSize(1));
        assertThat(byEni.keySet()).hasSize(expected.size());
        expected.forEach((eip, instance) -> {
            assertThat(world.address(eip).networkInterfaceId()).isEqualTo(world.primaryEni(instances.get(instance)));
            assertThat(world.tags(eip))
                    .containsEntry(Tags.CLUSTER, MotoWorld.CLUSTER)
                    .containsKey(Tags.BINDING);
        });
        assertThat(world.allSecondaries())
                .as("secondary addresses (node addresses take none)")
                .isEmpty();
    }

    void assertReleased(String eip, String node) {
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.tags(eip))
                .containsEntry(Tags.LAST_NODE, node)
                .doesNotContainKeys(Tags.CLUSTER, Tags.POOL, Tags.NODE, Tags.BINDING);
    }

    static long writes(Map<String, Long> forwarded) {
        Set<String> writes = Ec2Fault.WRITES;
        return forwarded.entrySet().stream()
                .filter(e -> writes.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
