package io.stickyip.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.admission.Liveness;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure decision over a slot whose pod may never have come to exist. */
class UnbornPolicyTest {
    static final Instant ADMITTED = Instant.parse("2026-05-01T10:00:00Z");
    static final UnbornPolicy POLICY = new UnbornPolicy(Duration.ofSeconds(15));
    static final WorkloadRef BARE = new WorkloadRef("dev", "pod", "job-x7k2q9f0a1b2");
    static final WorkloadRef WEB = new WorkloadRef("dev", "deployment", "web");

    static StoredOccupant pending(WorkloadRef workload) {
        return new StoredOccupant(workload, 0, Occupant.pending("uid-1", "", ADMITTED), 41);
    }

    static StoredReservation reserved(WorkloadRef workload, Instant createdAt) {
        return new StoredReservation(new Reservation(workload, 0, "public-eu", List.of("203.0.113.7"), createdAt), 42);
    }

    @ParameterizedTest(name = "{0} s after admission: due {1}")
    @CsvSource({"0, false", "14, false", "15, true", "600, true"})
    void aPendingSlotIsLookedAtOnceTheGraceHasPassed(long seconds, boolean due) {
        assertThat(POLICY.due(pending(BARE).occupant(), ADMITTED.plusSeconds(seconds)))
                .isEqualTo(due);
    }

    @Test
    void aSlotBoundToAPodIsNeverUnborn() {
        Occupant bound = Occupant.pending("uid-1", "web-0", ADMITTED).boundTo("web-0", "pod-uid");

        assertThat(POLICY.due(bound, ADMITTED.plus(Duration.ofHours(1)))).isFalse();
    }

    @Test
    void aBarePodThatNeverCameToExistGivesBackItsSlotAndItsReservation() {
        assertThat(POLICY.decide(
                        pending(BARE), Liveness.UNKNOWN, List.of(reserved(BARE, ADMITTED.plusMillis(3))), false))
                .isEqualTo(new UnbornPolicy.Unborn.Release(42));
    }

    @Test
    void aBarePodWithoutAReservationGivesBackItsSlotOnly() {
        assertThat(POLICY.decide(pending(BARE), Liveness.UNKNOWN, List.of(), false))
                .isEqualTo(new UnbornPolicy.Unborn.Vacate());
    }

    @Test
    void aBarePodsReservationOlderThanTheAdmissionIsAnEarlierPodsAndStaysForTheWorkloadGrace() {
        assertThat(POLICY.decide(
                        pending(BARE), Liveness.UNKNOWN, List.of(reserved(BARE, ADMITTED.minusSeconds(60))), false))
                .isEqualTo(new UnbornPolicy.Unborn.Vacate());
    }

    @Test
    void aDeploymentSlotGoesBackButTheWorkloadKeepsItsReservation() {
        assertThat(POLICY.decide(pending(WEB), Liveness.UNKNOWN, List.of(reserved(WEB, ADMITTED)), false))
                .isEqualTo(new UnbornPolicy.Unborn.Vacate());
    }

    @Test
    void aPodTheApiServerShowsKeepsEverything() {
        assertThat(POLICY.decide(pending(BARE), Liveness.UNKNOWN, List.of(reserved(BARE, ADMITTED)), true))
                .isInstanceOf(UnbornPolicy.Unborn.Keep.class);
        assertThat(POLICY.decide(pending(WEB), Liveness.UNKNOWN, List.of(), true))
                .isInstanceOf(UnbornPolicy.Unborn.Keep.class);
    }

    @ParameterizedTest(name = "the pod view says {0}")
    @CsvSource({"LIVE", "GONE"})
    void aPodTheViewKnowsWasBornAndIsLeftToTheBindingOrTheSlotSweep(Liveness view) {
        assertThat(POLICY.decide(pending(BARE), view, List.of(reserved(BARE, ADMITTED)), false))
                .isInstanceOf(UnbornPolicy.Unborn.Keep.class);
    }
}
