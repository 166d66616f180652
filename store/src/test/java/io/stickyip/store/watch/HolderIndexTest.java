package io.stickyip.store.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.watch.HolderEvent.Freed;
import io.stickyip.store.watch.HolderEvent.Held;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HolderIndexTest {
    static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");

    final HolderIndex index = new HolderIndex();

    @Test
    void aListingReplacesEverythingAndSetsTheRevision() {
        index.reset(Map.of("192.0.2.1", DB), 10);
        index.reset(Map.of("192.0.2.2", WEB), 20);

        assertThat(index.holders()).containsExactly(Map.entry("192.0.2.2", WEB));
        assertThat(index.revision()).isEqualTo(20);
        assertThat(index.holdsAny(DB)).as("the first listing's holder is gone").isFalse();
        assertThat(index.holdsAny(WEB)).isTrue();
    }

    @Test
    void appliesHeldAndFreedInOrderAndReturnsWhatChanged() {
        index.reset(Map.of("192.0.2.1", DB), 10);

        List<HolderEvent> applied = index.apply(
                List.of(new Held("192.0.2.2", WEB, 11), new Freed("192.0.2.1", 12), new Held("192.0.2.1", WEB, 13)));

        assertThat(applied).hasSize(3);
        assertThat(index.holders()).containsOnly(Map.entry("192.0.2.1", WEB), Map.entry("192.0.2.2", WEB));
        assertThat(index.revision()).isEqualTo(13);
        assertThat(index.holdsAny(DB)).isFalse();
    }

    @Test
    void eventsOfOneTransactionShareARevisionAndAreAllApplied() {
        index.reset(Map.of(), 10);

        index.apply(List.of(new Held("192.0.2.1", DB, 11), new Held("192.0.2.2", DB, 11)));

        assertThat(index.holders()).containsOnlyKeys("192.0.2.1", "192.0.2.2");
    }

    @Test
    void skipsEventsTheListingAlreadyHasAndEventsOlderThanTheLastApplied() {
        index.reset(Map.of("192.0.2.1", DB), 10);

        List<HolderEvent> applied = index.apply(
                List.of(new Freed("192.0.2.1", 10), new Held("192.0.2.3", WEB, 15), new Freed("192.0.2.3", 14)));

        assertThat(applied).containsExactly(new Held("192.0.2.3", WEB, 15));
        assertThat(index.holders()).containsOnlyKeys("192.0.2.1", "192.0.2.3");
    }

    @Test
    void rewritingTheSameHolderOrFreeingAFreeAddressChangesNothing() {
        index.reset(Map.of("192.0.2.1", DB), 10);

        assertThat(index.apply(List.of(new Held("192.0.2.1", DB, 11), new Freed("192.0.2.9", 12))))
                .isEmpty();
        assertThat(index.revision()).isEqualTo(12);
    }

    @Test
    void countsWhatEachWorkloadHoldsAcrossMovesAndFrees() {
        index.reset(Map.of("192.0.2.1", DB, "192.0.2.2", DB), 10);

        index.apply(List.of(new Held("192.0.2.1", WEB, 11)));
        assertThat(index.holdsAny(DB)).as("still one address").isTrue();
        index.apply(List.of(new Freed("192.0.2.2", 12)));
        assertThat(index.holdsAny(DB)).isFalse();
        assertThat(index.holdsAny(WEB)).isTrue();
    }

    @Test
    void allFreeForOnlyWhenNoAddressIsHeldAndTheWorkloadHoldsNothing() {
        index.reset(Map.of("192.0.2.1", DB), 10);

        assertThat(index.allFreeFor(WEB, List.of("192.0.2.2", "192.0.2.3"))).isTrue();
        assertThat(index.allFreeFor(WEB, List.of("192.0.2.2", "192.0.2.1")))
                .as("one held by db")
                .isFalse();
        assertThat(index.allFreeFor(DB, List.of("192.0.2.2")))
                .as("db holds something: maybe a re-admission")
                .isFalse();
    }
}
