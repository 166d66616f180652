package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsConfigTest {

    @Test
    void defaultsLeaveRegionAndEndpointToTheSdkAndBoundEveryCall() {
        AwsConfig c = AwsConfig.fromMap(Map.of());
        assertThat(c.region()).isEmpty();
        assertThat(c.endpoint()).isEmpty();
        assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.mutationsPerSecond()).isEqualTo(2.0);
        assertThat(c.verifyPrivateIp()).isTrue();
    }

    @Test
    void readsEverySetting() {
        AwsConfig c = AwsConfig.fromMap(Map.of(
                AwsConfig.REGION,
                "eu-west-1",
                AwsConfig.ENDPOINT,
                "http://127.0.0.1:5000",
                AwsConfig.CALL_TIMEOUT,
                "30s",
                AwsConfig.ATTEMPT_TIMEOUT,
                "500ms",
                AwsConfig.MUTATIONS_PER_SECOND,
                "4.5",
                AwsConfig.READBACK_TIMEOUT,
                "PT1M",
                AwsConfig.VERIFY_PRIVATE_IP,
                "false"));
        assertThat(c.region()).contains("eu-west-1");
        assertThat(c.endpoint()).isEqualTo(Optional.of(URI.create("http://127.0.0.1:5000")));
        assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.attemptTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.mutationsPerSecond()).isEqualTo(4.5);
        assertThat(c.readBackTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.verifyPrivateIp()).isFalse();
        assertThat(c.describe()).doesNotContainKey("secret").containsEntry("region", "eu-west-1");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "STICKYIP_AWS_ENDPOINT|127.0.0.1:5000|STICKYIP_AWS_ENDPOINT=127.0.0.1:5000 is not an http(s)://host[:port] URL",
                "STICKYIP_AWS_ENDPOINT|ftp://h|STICKYIP_AWS_ENDPOINT=ftp://h is not an http(s)://host[:port] URL",
                "STICKYIP_AWS_CALL_TIMEOUT|soon|STICKYIP_AWS_CALL_TIMEOUT=soon is not a duration (500ms, 2s, 1m or ISO-8601 like PT2S)",
                "STICKYIP_AWS_CALL_TIMEOUT|0s|STICKYIP_AWS_CALL_TIMEOUT=0s must be positive",
                "STICKYIP_AWS_ATTEMPT_TIMEOUT|1m|STICKYIP_AWS_ATTEMPT_TIMEOUT=PT1M is longer than STICKYIP_AWS_CALL_TIMEOUT=PT20S",
                "STICKYIP_AWS_MUTATIONS_PER_SECOND|0|STICKYIP_AWS_MUTATIONS_PER_SECOND=0 is not a number of calls per second in (0, 100]",
                "STICKYIP_AWS_MUTATIONS_PER_SECOND|many|STICKYIP_AWS_MUTATIONS_PER_SECOND=many is not a number of calls per second in (0, 100]",
                "STICKYIP_AWS_VERIFY_PRIVATE_IP|yes|STICKYIP_AWS_VERIFY_PRIVATE_IP=yes is not true or false",
            })
    void refusesBadSettingsNamingVariableValueAndRule(String key, String value, String message) {
        assertThatThrownBy(() -> AwsConfig.fromMap(Map.of(key, value)))
                .isInstanceOf(AwsConfig.InvalidConfig.class)
                .hasMessage(message);
    }

    @Test
    void theClientUsesAdaptiveRetriesTheTimeoutsAndTheEndpoint() {
        AwsConfig config = AwsConfig.fromMap(Map.of(
                AwsConfig.REGION,
                "eu-west-1",
                AwsConfig.ENDPOINT,
                "http://127.0.0.1:5000",
                AwsConfig.CALL_TIMEOUT,
                "7s",
                AwsConfig.ATTEMPT_TIMEOUT,
                "2s"));
        try (var client = Ec2ClientFactory.create(config, java.util.List.of())) {
            var sc = client.serviceClientConfiguration();
            assertThat(sc.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(7));
            assertThat(sc.overrideConfiguration().apiCallAttemptTimeout()).contains(Duration.ofSeconds(2));
            assertThat(sc.overrideConfiguration().retryStrategy())
                    .get()
                    .isInstanceOf(software.amazon.awssdk.retries.AdaptiveRetryStrategy.class);
            assertThat(sc.endpointOverride()).contains(URI.create("http://127.0.0.1:5000"));
            assertThat(sc.region().id()).isEqualTo("eu-west-1");
        }
    }

    @Test
    void theMutationLimiterSpacesCallsAtItsRate() throws InterruptedException {
        MutationLimiter limiter = new MutationLimiter(1, Duration.ofMillis(10));
        assertThat(limiter.acquire()).isTrue();
        assertThat(limiter.acquire())
                .as("a second permit within the same second, waiting at most 10 ms")
                .isFalse();
    }
}
