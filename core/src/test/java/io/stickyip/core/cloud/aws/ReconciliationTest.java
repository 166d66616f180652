package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.cloud.aws.Reconciliation.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(5);
    static final Binding A = new Binding("eni-a", "10.0.1.4");
    static final Map<String, String> NODE_A = Tags.holder("c1", "public", Tags.NODE, "node-a", A);

    @Test
    void aLeakIsReleasedOnlyOnceUnheldForTheWholeGracePeriodAcrossPasses() {
        ElasticIp leaked = Eips.at("e1", A, NODE_A);
        Reconciliation.Plan first = Reconciliation.pass(List.of(leaked), Map.of(), List.of(), Map.of(), T0, GRACE);
        assertThat(first.of(Finding.Leaked.class)).containsExactly(new Finding.Leaked(leaked, T0));

        Reconciliation.Plan almost = Reconciliation.pass(
                List.of(leaked),
                Map.of(),
                List.of(),
                first.unheldSince(),
                T0.plus(GRACE).minusSeconds(1),
                GRACE);
        assertThat(almost.of(Finding.Release.class)).isEmpty();

        Reconciliation.Plan due =
                Reconciliation.pass(List.of(leaked), Map.of(), List.of(), almost.unheldSince(), T0.plus(GRACE), GRACE);
        assertThat(due.of(Finding.Release.class)).containsExactly(new Finding.Release(leaked, T0));
    }

    @Test
    void aNewLeaderStartsTheGraceClockAgainAndAHeldAddressIsNoLeak() {
        ElasticIp leaked = Eips.at("e1", A, NODE_A);
        Reconciliation.Plan newLeader =
                Reconciliation.pass(List.of(leaked), Map.of(), List.of(), Map.of(), T0.plus(GRACE), GRACE);
        assertThat(newLeader.of(Finding.Release.class)).isEmpty();

        Reconciliation.Held held = new Reconciliation.Held("e1", "node-a", A);
        Reconciliation.Plan heldNow = Reconciliation.pass(
                List.of(leaked), Map.of("e1", leaked), List.of(held), Map.of("e1", T0), T0.plus(GRACE), GRACE);
        assertThat(heldNow.findings()).isEmpty();
        assertThat(heldNow.unheldSince()).isEmpty();
    }

    @Test
    void reservationsAreFlaggedWhenVanishedOrAssociatedElsewhereAndReassociatedWhenMerelyDropped() {
        Reconciliation.Held gone = new Reconciliation.Held("e-gone", "node-a", A);
        Reconciliation.Held moved = new Reconciliation.Held("e-moved", "node-a", A);
        Reconciliation.Held dropped = new Reconciliation.Held("e-dropped", "node-a", A);
        Reconciliation.Held otherHolder = new Reconciliation.Held("e-other", "node-b", A);
        ElasticIp movedEip = Eips.at("e-moved", new Binding("eni-z", "10.0.9.9"), NODE_A);
        ElasticIp droppedEip = Eips.free("e-dropped", "203.0.113.5", NODE_A);
        ElasticIp otherEip = Eips.at("e-other", A, NODE_A);

        Reconciliation.Plan plan = Reconciliation.pass(
                List.of(),
                Map.of("e-moved", movedEip, "e-dropped", droppedEip, "e-other", otherEip),
                List.of(gone, moved, dropped, otherHolder),
                Map.of(),
                T0,
                GRACE);

        assertThat(plan.of(Finding.Vanished.class)).containsExactly(new Finding.Vanished(gone));
        assertThat(plan.of(Finding.ReassociatedElsewhere.class))
                .extracting(Finding.ReassociatedElsewhere::held)
                .containsExactly(moved, otherHolder);
        assertThat(plan.of(Finding.Reassociate.class)).containsExactly(new Finding.Reassociate(dropped, droppedEip));
    }
}
