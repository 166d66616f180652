package io.stickyip.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.workload.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReleasePolicyTest {
    static final WorkloadRef W = new WorkloadRef("shop", "deployment", "db");
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    final ReleasePolicy policy = new ReleasePolicy(Duration.ofSeconds(30));

    @Test
    void releasesOnlyAfterTheWorkloadWasMissingForTheWholeGrace() {
        Instant claimed = T0.minusSeconds(3600);
        assertThat(policy.missing(W, claimed, T0)).isFalse();
        assertThat(policy.missing(W, claimed, T0.plusSeconds(29))).isFalse();
        assertThat(policy.missing(W, claimed, T0.plusSeconds(30))).isTrue();
    }

    @Test
    void aWorkloadSeenAgainStartsTheGraceOver() {
        Instant claimed = T0.minusSeconds(3600);
        policy.missing(W, claimed, T0);
        policy.seen(W);
        assertThat(policy.missing(W, claimed, T0.plusSeconds(31))).isFalse();
        assertThat(policy.missing(W, claimed, T0.plusSeconds(61))).isTrue();
    }

    @Test
    void neverReleasesAReservationYoungerThanTheGraceWhosePodMayNotBeStoredYet() {
        Instant claimed = T0.plusSeconds(20);
        policy.missing(W, claimed, T0);
        assertThat(policy.missing(W, claimed, T0.plusSeconds(40))).isFalse();
        assertThat(policy.missing(W, claimed, T0.plusSeconds(50))).isTrue();
    }
}
