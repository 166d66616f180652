package io.stickyip.store.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RepairPlanTest {
    static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");

    static Reservation slot(int n, String... addresses) {
        return new Reservation(WEB, n, "p", List.of(addresses), Instant.EPOCH);
    }

    @Test
    void keepsTheLowerOfTwoSlotsOnOneAddressAndFreesTheOther() {
        RepairPlan plan = RepairPlan.of(
                List.of(slot(19, "10.95.0.38"), slot(18, "10.95.0.38"), slot(3, "10.95.0.7")),
                Map.of("10.95.0.38", OptionalInt.empty(), "10.95.0.7", OptionalInt.empty()));

        assertThat(plan.freed()).containsExactly(Map.entry(19, "10.95.0.38"));
        assertThat(plan.duplicates()).containsExactly(new RepairPlan.Duplicate("10.95.0.38", 18, 19));
        assertThat(plan.held())
                .containsOnly(Map.entry("10.95.0.38", OptionalInt.of(18)), Map.entry("10.95.0.7", OptionalInt.of(3)));
    }

    @Test
    void unbindsTheOtherAddressesOfAFreedSlotAndLeavesListAddressesUnbound() {
        RepairPlan plan = RepairPlan.of(
                List.of(slot(0, "10.0.0.1", "fd00::1"), slot(1, "10.0.0.1", "fd00::2")),
                Map.of(
                        "10.0.0.1",
                        OptionalInt.of(1),
                        "fd00::1",
                        OptionalInt.of(0),
                        "fd00::2",
                        OptionalInt.of(1),
                        "10.0.0.9",
                        OptionalInt.empty()));

        assertThat(plan.freed()).containsOnlyKeys(1);
        assertThat(plan.held())
                .containsOnly(Map.entry("10.0.0.1", OptionalInt.of(0)), Map.entry("fd00::2", OptionalInt.empty()));
    }

    @Test
    void aConsistentWorkloadNeedsNothing() {
        assertThat(RepairPlan.of(
                                List.of(slot(0, "10.0.0.1"), slot(1, "10.0.0.2")),
                                Map.of(
                                        "10.0.0.1",
                                        OptionalInt.of(0),
                                        "10.0.0.2",
                                        OptionalInt.of(1),
                                        "10.0.0.3",
                                        OptionalInt.empty()))
                        .isEmpty())
                .isTrue();
    }
}
