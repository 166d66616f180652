package io.stickyip.store.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.claim.ClaimSnapshot.ClaimStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimSnapshotTest {

    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    private static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");
    private static final Reservation DB_SLOT_0 = new Reservation(DB, 0, "p", List.of("10.0.0.1"), Instant.EPOCH);
    private static final ClaimRequest CLAIM =
            new ClaimRequest(DB, 0, "p", List.of("10.0.0.1"), List.of("10.0.0.1", "10.0.0.2"));

    static Stream<Arguments> decisions() {
        return Stream.of(
                argumentSet(
                        "writes when the slot and every address are free",
                        new ClaimSnapshot(Optional.empty(), Map.of()),
                        new ClaimStep.Write(List.of("10.0.0.1", "10.0.0.2"), List.of())),
                argumentSet(
                        "returns the existing slot whatever the addresses",
                        new ClaimSnapshot(Optional.of(DB_SLOT_0), Map.of("10.0.0.2", WEB)),
                        new ClaimStep.Done(new ClaimResult.Existing(DB_SLOT_0))),
                argumentSet(
                        "names the other workload holding an address",
                        new ClaimSnapshot(Optional.empty(), Map.of("10.0.0.1", DB, "10.0.0.2", WEB)),
                        new ClaimStep.Done(new ClaimResult.Conflict("10.0.0.2", WEB))),
                argumentSet(
                        "guards addresses the workload holds already by value",
                        new ClaimSnapshot(Optional.empty(), Map.of("10.0.0.2", DB)),
                        new ClaimStep.Write(List.of("10.0.0.1"), List.of("10.0.0.2"))),
                argumentSet(
                        "refuses an address of the workload bound to another of its slots",
                        new ClaimSnapshot(
                                Optional.empty(), Map.of("10.0.0.1", DB), Map.of("10.0.0.1", OptionalInt.of(3))),
                        new ClaimStep.Done(new ClaimResult.Conflict("10.0.0.1", DB, OptionalInt.of(3)))),
                argumentSet(
                        "takes an address of the workload's list that no slot has yet, guarding that it is still unbound",
                        new ClaimSnapshot(
                                Optional.empty(),
                                Map.of("10.0.0.1", DB, "10.0.0.2", DB),
                                Map.of("10.0.0.1", OptionalInt.empty())),
                        new ClaimStep.Write(
                                List.of(), List.of("10.0.0.1", "10.0.0.2"), Map.of("10.0.0.1", OptionalInt.empty()))),
                argumentSet(
                        "takes an address already bound to the claiming slot itself",
                        new ClaimSnapshot(
                                Optional.empty(), Map.of("10.0.0.1", DB), Map.of("10.0.0.1", OptionalInt.of(0))),
                        new ClaimStep.Write(
                                List.of("10.0.0.2"), List.of("10.0.0.1"), Map.of("10.0.0.1", OptionalInt.of(0)))));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void decides(ClaimSnapshot snapshot, ClaimStep expected) {
        assertThat(snapshot.decide(CLAIM)).isEqualTo(expected);
    }

    @Test
    void anAddressHeldWithoutItsIndexKeyIsReportedAsAnInconsistentStore() {
        assertThatThrownBy(() -> new ClaimSnapshot(Optional.empty(), Map.of("10.0.0.1", DB)).decide(CLAIM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("10.0.0.1");
    }

    @Test
    void guardsADuplicatedAddressOnce() {
        ClaimRequest twice = new ClaimRequest(DB, 0, "p", List.of("10.0.0.1"), List.of("10.0.0.1", "10.0.0.1"));

        assertThat(new ClaimSnapshot(Optional.empty(), Map.of()).decide(twice))
                .isEqualTo(new ClaimStep.Write(List.of("10.0.0.1"), List.of()));
    }
}
