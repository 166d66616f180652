package io.stickyip.aws;

import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * The one place an {@link Ec2Client} is built: the SDK's adaptive retry mode (exponential backoff
 * with jitter plus a client-side rate that adapts to throttling, so nothing of it is hand-written
 * here), per-call and per-attempt timeouts, the default credentials chain, region and endpoint from
 * {@link AwsConfig}.
 */
public final class Ec2ClientFactory {

    private Ec2ClientFactory() {}

    public static Ec2Client create(AwsConfig config, List<ExecutionInterceptor> interceptors) {
        return create(config, interceptors, List.of());
    }

    /** @param publishers get the SDK's metrics of every call (its attempts, error types, back-off) */
    public static Ec2Client create(
            AwsConfig config, List<ExecutionInterceptor> interceptors, List<MetricPublisher> publishers) {
        Ec2ClientBuilder builder = Ec2Client.builder()
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.ADAPTIVE_V2)
                            .apiCallTimeout(config.callTimeout())
                            .apiCallAttemptTimeout(config.attemptTimeout());
                    interceptors.forEach(o::addExecutionInterceptor);
                    publishers.forEach(o::addMetricPublisher);
                });
        config.region().map(Region::of).ifPresent(builder::region);
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
