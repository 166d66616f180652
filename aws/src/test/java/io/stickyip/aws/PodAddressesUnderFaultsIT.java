package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.aws.testing.Ec2Fault;
import io.stickyip.aws.testing.FaultyEc2;
import io.stickyip.aws.testing.FaultyEc2.Outcome;
import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pod-level addresses (PodAddresses: bind, a fenced move, release) through {@link FaultyEc2} in front of moto, under
 * each {@link FaultCase}: after each operation moto, read directly, holds exactly one secondary private address (on the
 * pod's node's ENI) with the EIP on it, and after the release nothing of ours; the SDK's metrics count what the proxy
 * injected; once the faults stop, the same calls make no mutating call.
 */
@ExtendWith(MotoExtension.class)
class PodAddressesUnderFaultsIT {

    static final String OWNER = "statefulset/shop/db#0";

    MotoWorld world;
    FaultyEc2 proxy;
    List<String> instances;
    String eip;

    @BeforeEach
    void world(MotoWorld world, FaultyEc2 proxy) {
        this.world = world;
        this.proxy = proxy;
        instances = world.instances(2);
        eip = world.eip(Map.of("pool", "pods"));
    }

    PodAddresses.Holder on(int instance) {
        return new PodAddresses.Holder(MotoWorld.CLUSTER, "pods", OWNER, instances.get(instance));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FaultCase.class)
    void bindMoveAndReleaseThroughTheFaults(FaultCase faults) {
        faults.injectInto(proxy);
        try (FaultRun run = new FaultRun(world, proxy)) {
            CloudStep bound = run.settle(c -> c.pods().bind(eip, on(0), true));
            assertOnlyThisBinding(bound, 0);

            CloudStep moved = run.settle(c -> c.pods().bind(eip, on(1), true));
            assertOnlyThisBinding(moved, 1);

            assertThat(run.settle(c -> c.pods().release(eip, OWNER))).isInstanceOf(CloudStep.Released.class);
            assertNothingOfOursLeft();

            FaultRun.assertInjected(faults, proxy);
            if (faults != FaultCase.TIMEOUTS) { // a lost response is sent again by the SDK: moto saw it twice
                assertThat(proxy.forwarded())
                        .containsEntry("AssociateAddress", 2L)
                        .containsEntry("AssignPrivateIpAddresses", 2L)
                        .containsEntry("DisassociateAddress", 2L)
                        .containsEntry("UnassignPrivateIpAddresses", 2L);
            }
            run.assertMetricsMatch(proxy);
            if (faults == FaultCase.THROTTLING) {
                assertThat(run.cloud.metrics().backoff()).isPositive();
                assertThat(FaultRun.quietAfterThrottles(proxy))
                        .isGreaterThanOrEqualTo(run.cloud.metrics().backoff());
            }

            proxy.heal();
            Map<String, Long> before = proxy.forwarded();
            assertThat(run.cloud.pods().release(eip, OWNER)).isInstanceOf(CloudStep.Released.class);
            assertThat(NodeAddressesUnderFaultsIT.writes(proxy.forwarded()))
                    .as("writes once the faults stopped")
                    .isEqualTo(NodeAddressesUnderFaultsIT.writes(before));
        }
        assertNothingOfOursLeft();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "CreateTags",
                "AssignPrivateIpAddresses",
                "AssociateAddress",
                "DisassociateAddress",
                "UnassignPrivateIpAddresses",
                "DeleteTags"
            })
    void aWriteWhoseAnswerIsLostIsMadeOnceAndItsRetryMeetsItsOwnEffect(String write) {
        proxy.inject(Ec2Fault.lostResponse(FaultRun.HOLD, write).times(2));
        try (FaultRun run = new FaultRun(world, proxy)) {
            assertOnlyThisBinding(run.settle(c -> c.pods().bind(eip, on(0), true)), 0);
            assertOnlyThisBinding(run.settle(c -> c.pods().bind(eip, on(1), true)), 1);
            assertThat(run.settle(c -> c.pods().release(eip, OWNER))).isInstanceOf(CloudStep.Released.class);
            assertNothingOfOursLeft();

            assertThat(proxy.injected(Outcome.LOST_RESPONSE)).isEqualTo(2);
            assertThat(run.failedPasses).isZero();
        }
    }

    @ParameterizedTest(name = "only {0} lagging")
    @ValueSource(strings = {"DescribeAddresses", "DescribeNetworkInterfaces"})
    void oneReadLaggingWhileTheOtherShowsTheWriteSendsNoStepTwice(String read) {
        proxy.inject(Ec2Fault.lag(Duration.ofMillis(200), 100).onlyReads(read));
        try (FaultRun run = new FaultRun(world, proxy)) {
            assertOnlyThisBinding(run.settle(c -> c.pods().bind(eip, on(0), true)), 0);
            assertOnlyThisBinding(run.settle(c -> c.pods().bind(eip, on(1), true)), 1);
            assertThat(run.settle(c -> c.pods().release(eip, OWNER))).isInstanceOf(CloudStep.Released.class);
            assertNothingOfOursLeft();

            assertThat(proxy.injected(Outcome.STALE)).isPositive();
            assertThat(proxy.forwarded())
                    .containsEntry("AssociateAddress", 2L)
                    .containsEntry("AssignPrivateIpAddresses", 2L)
                    .containsEntry("DisassociateAddress", 2L)
                    .containsEntry("UnassignPrivateIpAddresses", 2L);
            assertThat(run.failedPasses).isZero();
        }
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

    void assertNothingOfOursLeft() {
        assertThat(world.allSecondaries())
                .as("secondary addresses in the subnet")
                .isEmpty();
        assertThat(world.address(eip).associationId()).isNull();
        assertThat(world.tags(eip)).containsOnlyKeys("pool");
    }
}
