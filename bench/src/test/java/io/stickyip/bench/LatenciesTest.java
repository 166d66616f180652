package io.stickyip.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentilesOfOneToAHundredMilliseconds() {
        Latencies l = new Latencies();
        for (int ms = 100; ms >= 1; ms--) {
            l.record(ms * 1_000_000L);
        }
        assertThat(l.count()).isEqualTo(100);
        assertThat(l.percentileMillis(50)).isCloseTo(50, within(0.1));
        assertThat(l.percentileMillis(99)).isCloseTo(99, within(0.1));
        assertThat(l.maxMillis()).isCloseTo(100, within(0.1));
        assertThat(l.meanMillis()).isCloseTo(50.5, within(0.1));
    }

    @Test
    void mergedClientsCountAsOne() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        a.record(1_000_000);
        b.record(3_000_000);
        b.record(5_000_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentileMillis(50)).isCloseTo(3, within(0.01));
    }

    @Test
    void nothingRecordedIsNotANumber() {
        assertThat(new Latencies().percentileMillis(99)).isNaN();
        assertThat(new Latencies().maxMillis()).isNaN();
    }
}
