package io.stickyip.agent.pods;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grpc.StatusRuntimeException;
import io.stickyip.agent.AgentMetrics;
import io.stickyip.agent.netns.CommandFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one decorator around the steps of a pod's plumb ({@link PodReconciler}) and of its way back ({@link PodRelease}):
 * it times each step (the meter {@code stickyip.agent.step}, tagged with the step) and turns what a step's client
 * throws (a command, the Kubernetes API, the container runtime) into {@link StepFailed}, which the walk maps to an
 * outcome in one place. One per reconcile.
 */
final class StepClock {

    /** The steps of a plumb: the meter's tag, what a failure's message starts with, and when its time is published. */
    enum Step {
        FENCE("fence", "the claim or the read of the Leases failed: ", Timing.WITH_ADD),
        CLOUD("cloud", "", Timing.NOW),
        CRI("cri", "the container runtime did not answer: ", Timing.WITH_ADD),
        ADD("add", "", Timing.NOW),
        CHECK("check", "", Timing.NOW),
        /** The condition set once the addresses went live. */
        CONDITION("condition", "the condition could not be set: ", Timing.NOW),
        /** The condition kept on a pod already live (a resync): a failure is the condition's, its time is not measured. */
        KEEP_CONDITION("condition", "the condition could not be set: ", Timing.NEVER),
        /** The way back ({@link PodRelease}): DEL, or for a pod this process did not plumb its leftovers removed. */
        DEL("del", "", Timing.NOW),
        /** The addresses withdrawn from this node's Lease: a failure is the release's, its time is not measured. */
        RELEASE("release", "", Timing.NEVER);

        final String tag;
        final String failurePrefix;
        final Timing timing;

        Step(String tag, String failurePrefix, Timing timing) {
            this.tag = tag;
            this.failurePrefix = failurePrefix;
            this.timing = timing;
        }
    }

    /**
     * When a step's time goes to the meter: as it ends; once the walk starts ADD (a pod being plumbed: not a resync of a
     * live pod, not a wait for a holder or a sandbox, which would swamp the meter with their repeats); never.
     */
    enum Timing {
        NOW,
        WITH_ADD,
        NEVER
    }

    /** A step's answer that is not timed: it made no call (nothing to do, or done before), or it failed as it answers. */
    interface Skipped {}

    /** A step's client failed; the walk retries the pod with backoff. */
    static final class StepFailed extends RuntimeException {
        private final Step step;

        StepFailed(Step step, String why, Throwable cause) {
            super(why, cause);
            this.step = step;
        }

        Step step() {
            return step;
        }
    }

    /** When a step started and ended. */
    record Lap(Instant start, Instant end) {
        Duration duration() {
            return Duration.between(start, end);
        }
    }

    private final AgentMetrics metrics;
    private final Clock clock;
    private final Map<Step, Lap> laps = new EnumMap<>(Step.class);

    StepClock(AgentMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs one step: its answer, timed unless {@link Skipped}; a client's failure thrown as {@link StepFailed}. */
    <T> T run(Step step, Supplier<T> body) {
        if (step == Step.ADD) {
            laps.forEach((s, lap) -> {
                if (s.timing == Timing.WITH_ADD) {
                    metrics.step(s.tag, lap.duration());
                }
            });
        }
        Instant start = clock.instant();
        T answer;
        try {
            answer = body.get();
        } catch (KubernetesClientException | CommandFailedException e) {
            throw new StepFailed(step, step.failurePrefix + e.getMessage(), e);
        } catch (StatusRuntimeException e) {
            throw new StepFailed(step, step.failurePrefix + e.getStatus(), e);
        }
        if (!(answer instanceof Skipped) && step.timing != Timing.NEVER) {
            Lap lap = new Lap(start, clock.instant());
            laps.put(step, lap);
            if (step.timing == Timing.NOW) {
                metrics.step(step.tag, lap.duration());
            }
        }
        return answer;
    }

    /** The step's lap in this reconcile, if it ran and was timed. */
    Optional<Lap> lap(Step step) {
        return Optional.ofNullable(laps.get(step));
    }

    /** How long the step took in this reconcile (zero if it did not run). */
    long millis(Step step) {
        return lap(step).map(l -> l.duration().toMillis()).orElse(0L);
    }
}
