package io.stickyip.agent.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    final Backoff b = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(30));

    @Test
    void theCeilingDoublesUpToTheMaximum() {
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(b.ceiling(2)).isEqualTo(Duration.ofMillis(40));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofMillis(320));
        assertThat(b.ceiling(12)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.ceiling(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void eachDelayIsBetweenHalfAndAllOfItsCeilingAndTheyDiffer() {
        RandomGenerator random = new SplittableRandom(7);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int n = 1; n <= 15; n++) {
            for (int i = 0; i < 50; i++) {
                Duration d = b.delay(n, random);
                assertThat(d).isBetween(b.ceiling(n).dividedBy(2), b.ceiling(n));
                seen.add(d);
            }
        }
        assertThat(seen.size()).as("jitter spreads retries").isGreaterThan(100);
    }

    @Test
    void refusesAnEmptyOrInvertedRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
