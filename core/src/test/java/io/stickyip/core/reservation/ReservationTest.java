package io.stickyip.core.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.core.workload.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationTest {

    static final WorkloadRef DB = new WorkloadRef("shop", "deployment", "db");
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aClaimHoldsItsOwnAddresses() {
        ClaimRequest claim = ClaimRequest.of(DB, 0, "demo", List.of("10.77.0.10"));

        assertThat(claim.heldByWorkload()).containsExactly("10.77.0.10");
    }

    @Test
    void refusesAClaimWithoutAddressesOrNotHoldingThem() {
        assertThatThrownBy(() -> ClaimRequest.of(DB, 0, "demo", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClaimRequest(DB, 0, "demo", List.of("10.77.0.10"), List.of("10.77.0.11")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClaimRequest.of(null, 0, "demo", List.of("10.77.0.10")))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesAReservationWithoutAddressesOrWithANegativeSlot() {
        assertThatThrownBy(() -> new Reservation(DB, 0, "demo", List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reservation(DB, -1, "demo", List.of("10.77.0.10"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesItsAddresses() {
        List<String> addresses = new ArrayList<>(List.of("10.77.0.10"));
        Reservation reservation = new Reservation(DB, 0, "demo", addresses, NOW);

        addresses.add("10.77.0.11");

        assertThat(reservation.addresses()).containsExactly("10.77.0.10");
    }
}
