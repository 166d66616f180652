package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.aws.testing.Ec2Fault;
import io.stickyip.aws.testing.FaultyEc2;
import io.stickyip.aws.testing.FaultyEc2.Outcome;
import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.NodeAssociation;
import io.stickyip.core.cloud.aws.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KillAtEachStepIT}'s kills through {@link FaultyEc2}: the operation is stopped before its EC2 call k (what a
 * kill -9 of the agent or the controller between two calls leaves) while EC2 misbehaves, then a fresh process runs it
 * again from scratch under the same faults: it converges, and moto, read directly, holds exactly what it should (one
 * secondary address in all, the EIP once on it, our tags) and, once the faults stop, a further run changes nothing.
 */
@ExtendWith(MotoExtension.class)
class KillUnderFaultsIT {

    static final String OWNER = "statefulset/shop/db#0";

    MotoWorld world;
    FaultyEc2 proxy;
    List<String> instances;
    String eip;

    static final class Killed extends RuntimeException {
        Killed(int k) {
            super("killed before call " + k);
        }
    }

    @BeforeEach
    void world(MotoWorld world, FaultyEc2 proxy) {
        this.world = world;
        this.proxy = proxy;
        instances = world.instances(2);
        eip = world.eip(Map.of());
    }

    PodAddresses.Holder on(int i) {
        return new PodAddresses.Holder(MotoWorld.CLUSTER, "pods", OWNER, instances.get(i));
    }

    /** Runs op through the proxy with a gate that stops before call k; a call failing for good stops it as well. */
    int killedAt(int k, Function<AwsCloud, CloudStep> op) {
        AtomicInteger made = new AtomicInteger();
        try (FaultRun run = new FaultRun(world, proxy, (i, step) -> {
            if (made.get() == k) {
                throw new Killed(k);
            }
            made.incrementAndGet();
        })) {
            op.apply(run.cloud);
        } catch (Killed | Ec2CallException stopped) {
            return made.get();
        }
        return made.get();
    }

    /** A fresh process runs op to the end under the faults still set, then, with the faults gone, once more. */
    CloudStep restarted(Function<AwsCloud, CloudStep> op) {
        CloudStep result;
        try (FaultRun run = new FaultRun(world, proxy)) {
            result = run.settle(op);
        }
        proxy.heal();
        Map<String, Long> before = proxy.forwarded();
        try (FaultRun run = new FaultRun(world, proxy)) {
            assertThat(op.apply(run.cloud)).isEqualTo(result);
        }
        assertThat(NodeAddressesUnderFaultsIT.writes(proxy.forwarded()))
                .as("writes once the faults stopped")
                .isEqualTo(NodeAddressesUnderFaultsIT.writes(before));
        return result;
    }

    @ParameterizedTest(name = "move under lagging reads and a lost response, killed before call {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void aMoveKilledAtEachStepUnderLaggingReadsAndALostResponseConverges(int k) {
        try (AwsCloud cloud = world.cloud()) {
            cloud.pods().bind(eip, on(0), true);
        }
        proxy.inject(Ec2Fault.lostResponse(FaultRun.HOLD, Ec2Fault.WRITES.toArray(String[]::new))
                        .times(1))
                .inject(Ec2Fault.lag(Duration.ofMillis(200), 100));

        assertThat(killedAt(k, c -> c.pods().bind(eip, on(1), true))).isLessThanOrEqualTo(k);
        CloudStep result = restarted(c -> c.pods().bind(eip, on(1), true));

        assertThat(proxy.injected(Outcome.LOST_RESPONSE)).isEqualTo(1);
        assertOnlyThisBinding(result, 1);
    }

    @ParameterizedTest(name = "release under dropped requests, killed before call {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void aReleaseKilledAtEachStepUnderDroppedRequestsConverges(int k) {
        try (AwsCloud cloud = world.cloud()) {
            cloud.pods().bind(eip, on(0), true);
        }
        proxy.inject(Ec2Fault.timeout(FaultRun.HOLD, Ec2Fault.WRITES.toArray(String[]::new))
                .times(2));

        assertThat(killedAt(k, c -> c.pods().release(eip, OWNER))).isLessThanOrEqualTo(k);
        assertThat(restarted(c -> c.pods().release(eip, OWNER))).isInstanceOf(CloudStep.Released.class);

        assertThat(proxy.injected(Outcome.TIMED_OUT)).isEqualTo(2);
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.tags(eip)).doesNotContainKeys(Tags.OURS.toArray(String[]::new));
    }

    @ParameterizedTest(name = "node association under 5xx, killed before call {0}")
    @ValueSource(ints = {0, 1, 2})
    void aNodeAssociationKilledAtEachStepUnderServerErrorsConverges(int k) {
        proxy.inject(Ec2Fault.internalError().probability(0.3));
        Function<AwsCloud, CloudStep> associate = c -> {
            NodeAssociation.Target target = c.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0));
            return c.nodes().associate(eip, target);
        };

        assertThat(killedAt(k, associate)).isLessThanOrEqualTo(k);
        assertThat(restarted(associate)).isInstanceOf(CloudStep.Done.class);

        assertThat(proxy.injected(Outcome.INTERNAL_ERROR)).isPositive();
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(world.primaryEni(instances.get(0)));
        assertThat(world.allSecondaries()).isEmpty();
        assertThat(world.tags(eip)).containsEntry(Tags.NODE, "node-a");
    }

    void assertOnlyThisBinding(CloudStep result, int instance) {
        assertThat(result).isInstanceOf(CloudStep.Done.class);
        Binding binding = ((CloudStep.Done) result).binding();
        String eni = world.primaryEni(instances.get(instance));
        assertThat(binding.networkInterfaceId()).isEqualTo(eni);
        assertThat(world.allSecondaries())
                .as("secondary addresses in the subnet")
                .containsExactly(binding.privateIp());
        assertThat(world.address(eip).networkInterfaceId()).isEqualTo(eni);
        assertThat(world.tags(eip))
                .containsEntry(Tags.BINDING, binding.tagValue())
                .containsEntry(Tags.OWNER, OWNER);
    }
}
