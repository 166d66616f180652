package io.stickyip.aws;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * What the SDK's own metrics say of every EC2 call (a {@link MetricPublisher} on the client, fed after each call
 * with its attempts): calls by outcome, attempts, failed attempts by the SDK's error type (its
 * {@code CoreMetric.ERROR_TYPE}: {@code Throttling} is a {@code RequestLimitExceeded}, {@code ServerError} a 5xx,
 * {@code ConfiguredTimeout} an attempt or call past its timeout), retries and the back-off the retry strategy waited.
 * {@link #bindTo} puts them on a Micrometer registry (the controller's and the agent's {@code /metrics}).
 */
public final class Ec2Metrics implements MetricPublisher, MeterBinder {

    /** The SDK's error types ({@code SdkErrorType}); anything else counts as {@code Other}. */
    public static final List<String> ERROR_TYPES =
            List.of("Throttling", "ServerError", "ConfiguredTimeout", "IO", "Other");

    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder backoffNanos = new LongAdder();
    private final Map<String, LongAdder> attemptErrors = new LinkedHashMap<>();

    public Ec2Metrics() {
        ERROR_TYPES.forEach(t -> attemptErrors.put(t, new LongAdder()));
    }

    @Override
    public void publish(MetricCollection call) {
        boolean ok = call.metricValues(CoreMetric.API_CALL_SUCCESSFUL).stream().allMatch(Boolean.TRUE::equals);
        (ok ? succeeded : failed).increment();
        call.metricValues(CoreMetric.RETRY_COUNT).forEach(retries::add);
        call.childrenWithName("ApiCallAttempt").forEach(attempt -> {
            attempts.increment();
            attempt.metricValues(CoreMetric.ERROR_TYPE)
                    .forEach(t -> attemptErrors
                            .getOrDefault(t, attemptErrors.get("Other"))
                            .increment());
            attempt.metricValues(CoreMetric.BACKOFF_DELAY_DURATION).forEach(d -> backoffNanos.add(d.toNanos()));
        });
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("stickyip_ec2_calls", succeeded, LongAdder::sum)
                .tag("outcome", "success")
                .description("EC2 API calls, retries included in one call")
                .register(registry);
        FunctionCounter.builder("stickyip_ec2_calls", failed, LongAdder::sum)
                .tag("outcome", "failure")
                .description("EC2 API calls, retries included in one call")
                .register(registry);
        FunctionCounter.builder("stickyip_ec2_attempts", attempts, LongAdder::sum)
                .description("HTTP attempts of EC2 API calls (a retry is one more)")
                .register(registry);
        attemptErrors.forEach((type, n) -> FunctionCounter.builder("stickyip_ec2_attempt_errors", n, LongAdder::sum)
                .tag("type", type)
                .description("failed EC2 attempts by the SDK's error type (Throttling: RequestLimitExceeded)")
                .register(registry));
        FunctionCounter.builder("stickyip_ec2_retries", retries, LongAdder::sum)
                .description("EC2 attempts the SDK's retry strategy made again")
                .register(registry);
        FunctionCounter.builder("stickyip_ec2_backoff", backoffNanos, n -> n.sum() / 1e9)
                .baseUnit("seconds")
                .description("time the SDK's retry strategy waited before EC2 attempts")
                .register(registry);
    }

    public long calls() {
        return succeeded.sum() + failed.sum();
    }

    public long failedCalls() {
        return failed.sum();
    }

    public long attempts() {
        return attempts.sum();
    }

    public long retries() {
        return retries.sum();
    }

    /** Failed attempts of one of {@link #ERROR_TYPES}. */
    public long attemptErrors(String type) {
        return attemptErrors.get(type).sum();
    }

    public Duration backoff() {
        return Duration.ofNanos(backoffNanos.sum());
    }

    @Override
    public void close() {}
}
