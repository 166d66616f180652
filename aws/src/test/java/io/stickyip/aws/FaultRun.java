package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickyip.aws.testing.FaultyEc2;
import io.stickyip.aws.testing.FaultyEc2.Outcome;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.CloudStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client under test behind a {@link FaultyEc2}, its metrics on a registry of its own, and what a caller of the
 * aws module does when a call fails after the SDK's retries: the controller's next pass, the agent's next resync,
 * that is, the same operation again from scratch ({@link #settle}).
 */
final class FaultRun implements AutoCloseable {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(800);
    static final Duration HOLD = Duration.ofMillis(1200);
    static final Map<String, String> SETTINGS = Map.of(
            AwsConfig.ATTEMPT_TIMEOUT, ATTEMPT_TIMEOUT.toMillis() + "ms",
            AwsConfig.CALL_TIMEOUT, "15s",
            AwsConfig.READBACK_TIMEOUT, "3s");
    static final int PASSES = 6;

    private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);

    final AwsCloud cloud;
    private final FaultyEc2 proxy;
    private final long started = System.nanoTime();
    final MeterRegistry registry = new SimpleMeterRegistry();
    int failedPasses;

    FaultRun(MotoWorld world, FaultyEc2 proxy, StepRunner.StepGate gate) {
        this.proxy = proxy;
        this.cloud = AwsCloud.create(world.config(proxy.endpoint(), SETTINGS), gate);
        cloud.metrics().bindTo(registry);
    }

    FaultRun(MotoWorld world, FaultyEc2 proxy) {
        this(world, proxy, StepRunner.StepGate.OPEN);
    }

    /** The operation again, as the next pass would, until it ends in a decision (at most {@link #PASSES} passes). */
    CloudStep settle(Function<AwsCloud, CloudStep> operation) {
        for (int pass = 1; ; pass++) {
            try {
                return operation.apply(cloud);
            } catch (Ec2CallException e) {
                failedPasses++;
                if (pass == PASSES) {
                    throw e;
                }
            }
        }
    }

    /** Each case's faults did happen (the counts the seed and the rules give). */
    static void assertInjected(FaultCase faults, FaultyEc2 proxy) {
        switch (faults) {
            case THROTTLING -> assertThat(proxy.injected(Outcome.THROTTLED)).isEqualTo(3);
            case SERVER_ERRORS ->
                assertThat(proxy.injected(Outcome.INTERNAL_ERROR)).isPositive();
            case TIMEOUTS -> {
                assertThat(proxy.injected(Outcome.TIMED_OUT)).isEqualTo(1);
                assertThat(proxy.injected(Outcome.LOST_RESPONSE)).isEqualTo(2);
            }
            case LAGGING_READS -> assertThat(proxy.injected(Outcome.STALE)).isPositive();
        }
    }

    double meter(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    /**
     * The SDK's metrics say what the proxy did: every throttle and 5xx it answered is one failed attempt of that type,
     * every request it held one timed-out attempt at least (a slow moto may add one), and every failed attempt was
     * retried or ended its call.
     */
    void assertMetricsMatch(FaultyEc2 proxy) {
        assertThat(meter("stickyip_ec2_attempt_errors", "type", "Throttling"))
                .as("throttled attempts on /metrics")
                .isEqualTo(proxy.injected(Outcome.THROTTLED));
        assertThat(meter("stickyip_ec2_attempt_errors", "type", "ServerError"))
                .as("5xx attempts on /metrics")
                .isEqualTo(proxy.injected(Outcome.INTERNAL_ERROR));
        assertThat(meter("stickyip_ec2_attempt_errors", "type", "ConfiguredTimeout"))
                .as("timed-out attempts on /metrics")
                .isGreaterThanOrEqualTo(proxy.injected(Outcome.TIMED_OUT) + proxy.injected(Outcome.LOST_RESPONSE));
        double failedAttempts = Ec2Metrics.ERROR_TYPES.stream()
                .mapToDouble(t -> meter("stickyip_ec2_attempt_errors", "type", t))
                .sum();
        assertThat(meter("stickyip_ec2_retries") + meter("stickyip_ec2_calls", "outcome", "failure"))
                .as("retries plus calls that failed after their last attempt")
                .isEqualTo(failedAttempts);
        assertThat(meter("stickyip_ec2_calls", "outcome", "failure"))
                .isEqualTo(cloud.metrics().failedCalls());
    }

    /**
     * The back-off is honoured: the time the proxy saw between each throttle it answered and the client's next request
     * is, summed, at least the back-off the SDK reports on /metrics (which is not nothing).
     */
    static Duration quietAfterThrottles(FaultyEc2 proxy) {
        List<FaultyEc2.Exchange> log = proxy.exchanges().stream()
                .sorted((a, b) -> Long.compare(a.receivedNanos(), b.receivedNanos()))
                .toList();
        long quiet = 0;
        for (int i = 0; i + 1 < log.size(); i++) {
            if (log.get(i).outcome() == Outcome.THROTTLED) {
                quiet += log.get(i + 1).receivedNanos() - log.get(i).answeredNanos();
            }
        }
        return Duration.ofNanos(quiet);
    }

    @Override
    public void close() {
        Ec2Metrics m = cloud.metrics();
        LOG.info(
                "after {} ms: proxy injected {}, forwarded {}; SDK calls {} ({} failed), attempts {}, retries {},"
                        + " back-off {} ms, failed attempts {}; failed passes {}",
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                proxy.injected(),
                proxy.forwarded(),
                m.calls(),
                m.failedCalls(),
                m.attempts(),
                m.retries(),
                m.backoff().toMillis(),
                Ec2Metrics.ERROR_TYPES.stream()
                        .filter(t -> m.attemptErrors(t) > 0)
                        .map(t -> t + "=" + m.attemptErrors(t))
                        .toList(),
                failedPasses);
        if (LOG.isDebugEnabled()) {
            proxy.exchanges()
                    .forEach(e -> LOG.debug(
                            "{} ms {} {}", (e.receivedNanos() - started) / 1_000_000, e.action(), e.outcome()));
        }
        cloud.close();
    }
}
