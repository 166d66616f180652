package io.stickyip.webhook.pods;

import io.stickyip.core.workload.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SlotTrackerTest {
    static final WorkloadRef DB = new WorkloadRef("shop", "deployment", "db");

    /** A pod view the test sets by hand. */
    static final class FakePods implements PodView {
        final Set<Integer> live = new HashSet<>();
        OptionalInt replicas = OptionalInt.empty();

        @Override
        public Set<Integer> slotsInUse(WorkloadRef workload) {
            return workload.equals(DB) ? Set.copyOf(live) : Set.of();
        }

        @Override
        public boolean hasPods(WorkloadRef workload) {
            return !live.isEmpty();
        }

        @Override
        public OptionalInt replicas(WorkloadRef workload) {
            return replicas;
        }

        @Override
        public boolean available() {
            return true;
        }
    }

    final FakePods pods = new FakePods();
    final MutableClock clock = new MutableClock();
    final SlotTracker tracker = new SlotTracker(pods, clock);

    @Test
    void aBurstOfAdmissionsGetsDistinctSlotsBeforeTheInformerShowsAnyPod() {
        assertThat(tracker.acquire(DB, 10, "a")).hasValue(0);
        assertThat(tracker.acquire(DB, 10, "b")).hasValue(1);
        assertThat(tracker.acquire(DB, 10, "c")).hasValue(2);
    }

    @Test
    void aReinvocationOfTheSameAdmissionGetsTheSameSlot() {
        assertThat(tracker.acquire(DB, 10, "a")).hasValue(0);
        assertThat(tracker.acquire(DB, 10, "b")).hasValue(1);
        assertThat(tracker.acquire(DB, 10, "a")).hasValue(0);
    }

    @Test
    void aPodDeletedBeforeTheInformerSawItLeavesItsSlotToTheReplacement() {
        pods.replicas = OptionalInt.of(1);
        assertThat(tracker.acquire(DB, 10, "first")).hasValue(0);
        // the first pod is deleted before the informer reported it: only a pending entry remains
        assertThat(tracker.acquire(DB, 10, "replacement")).hasValue(0);
    }

    @Test
    void livePodsHaveTheLastWordWhenEverySlotIsTaken() {
        pods.replicas = OptionalInt.of(2);
        pods.live.addAll(Set.of(0, 1));
        assertThat(tracker.acquire(DB, 10, "third")).isEmpty();
        pods.live.remove(1);
        assertThat(tracker.acquire(DB, 10, "third")).hasValue(1);
    }

    @Test
    void aPodSeenByTheInformerReleasesItsPendingSlotAndTerminatedPodsFreeTheirs() {
        assertThat(tracker.acquire(DB, 10, "a")).hasValue(0);
        pods.live.add(0);
        tracker.observed(DB, 0);
        assertThat(tracker.acquire(DB, 10, "b")).hasValue(1);
        pods.live.clear(); // both pods gone
        tracker.observed(DB, 1);
        assertThat(tracker.acquire(DB, 10, "c")).hasValue(0);
    }

    @Test
    void pendingEntriesExpire() {
        assertThat(tracker.acquire(DB, 10, "a")).hasValue(0);
        clock.advance(SlotTracker.PENDING_TTL.plusSeconds(1));
        assertThat(tracker.acquire(DB, 10, "b")).hasValue(0);
    }

    @Test
    void withoutAPodViewEveryPodUsesSlotZero() {
        SlotTracker blind = new SlotTracker(PodView.NONE, clock);
        assertThat(blind.acquire(DB, 10, "a")).hasValue(0);
        assertThat(blind.acquire(DB, 10, "b")).hasValue(0);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
