package io.stickyip.store.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When and with whom a guarded write goes to etcd: the pure flushing rules of group commit. */
class GroupCommitTest {
    private static final long WINDOW = 200_000;

    record W(String name, Set<String> footprint, int ops) implements GroupCommit.Member {
        static W of(String name, String... footprint) {
            return new W(name, Set.of(footprint), 4);
        }
    }

    private final GroupCommit<W> commit = new GroupCommit<>(3, WINDOW);

    private static W w(String name) {
        return W.of(name, "workload " + name);
    }

    private static List<List<String>> names(GroupCommit.Plan<W> plan) {
        return plan.send().stream()
                .map(batch -> batch.stream().map(W::name).toList())
                .toList();
    }

    @Test
    void aWriteWithNothingInFlightGoesAtOnceAlone() {
        GroupCommit.Plan<W> plan = commit.offer(w("a"), 1_000);

        assertThat(names(plan)).containsExactly(List.of("a"));
        assertThat(plan.wakeAtNanos()).isEmpty();
        assertThat(commit.inFlight()).isEqualTo(1);
    }

    @Test
    void writesArrivingWhileOneIsInFlightWaitAtMostTheWindow() {
        commit.offer(w("a"), 1_000);

        GroupCommit.Plan<W> b = commit.offer(w("b"), 2_000);
        GroupCommit.Plan<W> c = commit.offer(w("c"), 3_000);

        assertThat(b.send()).isEmpty();
        assertThat(b.wakeAtNanos()).hasValue(2_000 + WINDOW);
        assertThat(c.wakeAtNanos()).as("the oldest waiting one sets the time").hasValue(2_000 + WINDOW);
        assertThat(commit.wake(2_000 + WINDOW - 1).send())
                .as("not before the window has passed")
                .isEmpty();
        GroupCommit.Plan<W> due = commit.wake(2_000 + WINDOW);
        assertThat(names(due)).containsExactly(List.of("b", "c"));
        assertThat(due.wakeAtNanos()).isEmpty();
        assertThat(commit.inFlight()).isEqualTo(2);
    }

    @Test
    void theEndOfTheTransactionInFlightSendsEveryoneWaitingAtOnce() {
        commit.offer(w("a"), 1_000);
        commit.offer(w("b"), 2_000);
        commit.offer(w("c"), 3_000);

        GroupCommit.Plan<W> plan = commit.ended(4_000);

        assertThat(names(plan)).containsExactly(List.of("b", "c"));
        assertThat(commit.waiting()).isZero();
    }

    @Test
    void aFullBatchGoesAtOnce() {
        commit.offer(w("a"), 1_000);
        commit.offer(w("b"), 2_000);
        commit.offer(w("c"), 3_000);

        GroupCommit.Plan<W> plan = commit.offer(w("d"), 4_000);

        assertThat(names(plan)).containsExactly(List.of("b", "c", "d"));
        assertThat(plan.wakeAtNanos()).isEmpty();
    }

    @Test
    void writesThatTouchOneKeyNeverShareABatchAndTheLaterWaitsForTheNext() {
        GroupCommit<W> roomy = new GroupCommit<>(64, WINDOW);
        roomy.offer(w("a"), 1_000);
        roomy.offer(W.of("web-0", "workload web", "ip 192.0.2.1"), 2_000);
        roomy.offer(W.of("web-1", "workload web", "ip 192.0.2.2"), 3_000);
        roomy.offer(W.of("db-0", "workload db", "ip 192.0.2.1"), 3_500);

        GroupCommit.Plan<W> plan = roomy.ended(4_000);
        assertThat(names(plan))
                .as("web-1 shares its workload, db-0 an address with web-0")
                .containsExactly(List.of("web-0"));
        assertThat(plan.wakeAtNanos()).hasValue(3_000 + WINDOW);

        GroupCommit.Plan<W> next = roomy.ended(5_000);
        assertThat(names(next)).containsExactly(List.of("web-1", "db-0"));
    }

    @Test
    void aBatchStaysWithinEtcdsOperationsPerPath() {
        GroupCommit<W> wide = new GroupCommit<>(64, WINDOW);
        wide.offer(w("first"), 0);
        IntStream.range(0, 10).forEach(i -> wide.offer(new W("big" + i, Set.of("workload big" + i), 120), 1 + i));

        GroupCommit.Plan<W> plan = wide.ended(100);

        assertThat(names(plan))
                .as("8 nested writes of 120 operations under a Then of 8: 128 on every path")
                .containsExactly(IntStream.range(0, 8).mapToObj(i -> "big" + i).toList());
        assertThat(commit.waiting()).isZero();
        assertThat(wide.waiting()).isEqualTo(2);
        assertThat(plan.wakeAtNanos()).as("the rest waits for the next batch").hasValue(9 + WINDOW);
        assertThatThrownBy(() -> wide.offer(new W("huge", Set.of("x"), 128), 200))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLeftOverThatHasWaitedItsWindowGoesInATransactionOfItsOwn() {
        commit.offer(w("a"), 0);
        commit.offer(W.of("web-0", "workload web"), 10);
        commit.offer(W.of("web-1", "workload web"), 20);

        GroupCommit.Plan<W> plan = commit.wake(20 + WINDOW);

        assertThat(names(plan)).containsExactly(List.of("web-0"), List.of("web-1"));
        assertThat(commit.inFlight()).isEqualTo(3);
    }

    @Test
    void sizeOneIsNoBatchingEveryWriteGoesAtOnce() {
        GroupCommit<W> off = new GroupCommit<>(1, WINDOW);

        assertThat(names(off.offer(w("a"), 0))).containsExactly(List.of("a"));
        assertThat(names(off.offer(w("b"), 1))).containsExactly(List.of("b"));
        assertThat(off.inFlight()).isEqualTo(2);
    }

    @Test
    void noWindowMeansNoWriteEverWaits() {
        GroupCommit<W> eager = new GroupCommit<>(64, 0);
        eager.offer(w("a"), 0);

        GroupCommit.Plan<W> plan = eager.offer(w("b"), 0);

        assertThat(names(plan)).containsExactly(List.of("b"));
        assertThat(plan.wakeAtNanos()).isEqualTo(OptionalLong.empty());
    }

    @Test
    void refusesWhatCannotBeMeant() {
        assertThatThrownBy(() -> new GroupCommit<W>(0, WINDOW)).hasMessageContaining("batch size 0");
        assertThatThrownBy(() -> new GroupCommit<W>(128, WINDOW)).hasMessageContaining("batch size 128");
        assertThatThrownBy(() -> new GroupCommit<W>(3, -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> commit.ended(0)).isInstanceOf(IllegalStateException.class);
    }
}
