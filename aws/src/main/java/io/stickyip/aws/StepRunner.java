package io.stickyip.aws;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.stickyip.core.cloud.aws.CloudStep;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs core's step decisions against EC2: observe, decide, apply one call, observe again, until the
 * decision is final. A step whose effect does not show yet in Describe* (EC2 is eventually
 * consistent) is not sent again: the runner polls the read-back with backoff and jitter until the
 * decision moves on or {@code readBackTimeout} passes. A call EC2 refuses because the state changed
 * under it (another actor, or an earlier attempt that did succeed) is answered by reading again.
 */
public final class StepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
    private static final int MAX_STEPS = 12;

    /** Called before each mutating call; the kill-at-each-step tests throw from it. */
    @FunctionalInterface
    public interface StepGate {
        void before(int index, CloudStep step);

        StepGate OPEN = (index, step) -> {};
    }

    private final Ec2Gateway ec2;
    private final Duration readBackTimeout;
    private final StepGate gate;

    public StepRunner(Ec2Gateway ec2, Duration readBackTimeout, StepGate gate) {
        this.ec2 = ec2;
        this.readBackTimeout = readBackTimeout;
        this.gate = gate;
    }

    /** @param decide reads the cloud and returns core's decision; called once per round */
    public CloudStep run(String what, Supplier<CloudStep> decide) {
        CloudStep previous = null;
        for (int applied = 0; applied < MAX_STEPS; applied++) {
            CloudStep next = decide.get();
            if (next.equals(previous)) {
                next = awaitReadBack(decide, previous);
            }
            if (!next.mutating()) {
                LOG.debug("{}: {} after {} call(s)", what, next, applied);
                return next;
            }
            gate.before(applied, next);
            try {
                ec2.apply(next);
            } catch (Ec2CallException e) {
                if (!e.isConflict()) {
                    throw e;
                }
                LOG.warn(
                        "{}: {} refused as the state changed ({}); reading it again",
                        what,
                        SdkEc2Gateway.name(next),
                        e.getMessage());
            }
            previous = next;
        }
        throw new IllegalStateException(what + ": not settled after " + MAX_STEPS + " EC2 calls");
    }

    private CloudStep awaitReadBack(Supplier<CloudStep> decide, CloudStep previous) {
        RetryPolicy<CloudStep> stillTheSame = RetryPolicy.<CloudStep>builder()
                .handleResultIf(previous::equals)
                .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(2))
                .withJitter(0.25)
                .withMaxRetries(-1)
                .withMaxDuration(readBackTimeout)
                .build();
        CloudStep step = Failsafe.with(stillTheSame).get(decide::get);
        if (step.equals(previous)) {
            throw new Ec2CallException(
                    SdkEc2Gateway.name(previous),
                    null,
                    "its effect did not show in Describe* within " + readBackTimeout + " (" + previous + ")",
                    null);
        }
        return step;
    }
}
