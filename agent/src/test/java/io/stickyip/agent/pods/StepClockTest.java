package io.stickyip.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grpc.Status;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.netns.CommandFailedException;
import io.stickyip.agent.pods.StepClock.Step;
import io.stickyip.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepClockTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Five milliseconds further at each read. */
    private final StepClock clock = new StepClock(
            new AgentMetrics(registry),
            ManualClock.ticking(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(5)));

    record Skip() implements StepClock.Skipped {}

    @Test
    void timesAStepAsItEndsWithTheStepAsTag() {
        assertThat(clock.run(Step.CLOUD, () -> "bound")).isEqualTo("bound");

        assertThat(count("cloud")).isEqualTo(1);
        assertThat(clock.millis(Step.CLOUD))
                .as("one read of the clock before, one after")
                .isEqualTo(5);
    }

    @Test
    void holdsTheFenceAndTheSandboxUntilAddStarts() {
        clock.run(Step.FENCE, () -> "taken");
        clock.run(Step.CRI, () -> "found");
        assertThat(count("fence")).as("a wait or a resync ends here: not timed").isZero();
        assertThat(count("cri")).isZero();

        clock.run(Step.ADD, () -> "live");

        assertThat(List.of(count("fence"), count("cri"), count("add"))).containsExactly(1L, 1L, 1L);
    }

    @Test
    void doesNotTimeAStepThatMadeNoCall() {
        clock.run(Step.CLOUD, Skip::new);
        clock.run(Step.KEEP_CONDITION, () -> "kept");

        assertThat(count("cloud")).isZero();
        assertThat(count("condition")).isZero();
        assertThat(clock.lap(Step.CLOUD)).isEqualTo(Optional.empty());
    }

    @Test
    void turnsAClientsFailureIntoTheStepsFailureWithItsContext() {
        assertThatThrownBy(() -> clock.run(Step.FENCE, () -> {
                    throw new KubernetesClientException("etcdserver: request timed out");
                }))
                .isInstanceOfSatisfying(StepClock.StepFailed.class, f -> {
                    assertThat(f.step()).isEqualTo(Step.FENCE);
                    assertThat(f.getMessage())
                            .isEqualTo("the claim or the read of the Leases failed: etcdserver: request timed out");
                });
        assertThatThrownBy(() -> clock.run(Step.CRI, () -> {
                    throw Status.UNAVAILABLE
                            .withDescription("connection refused")
                            .asRuntimeException();
                }))
                .isInstanceOfSatisfying(
                        StepClock.StepFailed.class,
                        f -> assertThat(f.getMessage())
                                .startsWith("the container runtime did not answer: Status{code=UNAVAILABLE"));
        assertThatThrownBy(() -> clock.run(Step.CHECK, () -> {
                    throw new CommandFailedException(List.of("ip", "-j", "addr"), "exit 1", "Cannot open netns", null);
                }))
                .isInstanceOfSatisfying(
                        StepClock.StepFailed.class,
                        f -> assertThat(f.step().tag).isEqualTo("check"));
        assertThat(count("fence") + count("cri") + count("check"))
                .as("a failed step is not timed")
                .isZero();
    }

    @Test
    void timesDelOnTheWayBackAndMapsTheLeaseWriteWithoutTimingIt() {
        clock.run(Step.DEL, () -> "gone");
        clock.run(Step.RELEASE, () -> "withdrawn");

        assertThat(count("del")).isEqualTo(1);
        assertThat(count("release")).as("the Lease write is not timed").isZero();
        assertThatThrownBy(() -> clock.run(Step.RELEASE, () -> {
                    throw new KubernetesClientException("the API server is unreachable");
                }))
                .isInstanceOfSatisfying(StepClock.StepFailed.class, f -> {
                    assertThat(f.step()).isEqualTo(Step.RELEASE);
                    assertThat(f.getMessage()).isEqualTo("the API server is unreachable");
                });
    }

    @Test
    void letsAnythingElseThrough() {
        assertThatThrownBy(() -> clock.run(Step.ADD, () -> {
                    throw new IllegalStateException("a bug");
                }))
                .isInstanceOf(IllegalStateException.class);
    }

    private long count(String step) {
        Timer t = registry.find("stickyip.agent.step").tag("step", step).timer();
        return t == null ? 0 : t.count();
    }
}
