package io.stickyip.webhook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class BenchOptionsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.jitWarmup()).isEqualTo(Duration.ofSeconds(40));
        assertThat(o.concurrency()).containsExactly(1, 16, 100);
        assertThat(o.targets()).isEqualTo(BenchOptions.ALL_TARGETS);
        assertThat(o.readmitPercent()).isEqualTo(25);
        assertThat(o.http2()).isFalse();
    }

    @Test
    void readsEveryOption() {
        BenchOptions o = BenchOptions.parse(
                "--requests",
                "500",
                "--concurrency",
                "2,8",
                "--targets",
                "webhook",
                "--http2",
                "--preload",
                "1000",
                "--webhook-env",
                "STICKYIP_ETCD_BATCH_MAX=1",
                "--jit-warmup",
                "0s");
        assertThat(o.requests()).isEqualTo(500);
        assertThat(o.concurrency()).isEqualTo(List.of(2, 8));
        assertThat(o.targets()).isEqualTo(Set.of("webhook"));
        assertThat(o.http2()).isTrue();
        assertThat(o.preload()).isEqualTo(1000);
        assertThat(o.webhookEnv()).isEqualTo(Map.of("STICKYIP_ETCD_BATCH_MAX", "1"));
        assertThat(o.jitWarmup()).isZero();
    }

    @Test
    void badValuesAreNamedWithTheRule() {
        assertThatThrownBy(() -> BenchOptions.parse("--targets", "etcd,redis"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--targets: redis is not one of etcd, noop, webhook");
        assertThatThrownBy(() -> BenchOptions.parse("--readmit-percent", "101"))
                .hasMessage("--readmit-percent: 101 is not between 0 and 100");
        assertThatThrownBy(() -> BenchOptions.parse("--concurrency", "0"))
                .hasMessage("--concurrency: 0 is not between 1 and 10000");
        assertThatThrownBy(() -> BenchOptions.parse("--webhook-env", "PATH=/bin"))
                .hasMessage("--webhook-env: PATH=/bin is not STICKYIP_NAME=VALUE");
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "ten"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("'ten' is not a duration");
    }
}
