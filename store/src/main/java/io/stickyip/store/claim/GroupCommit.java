package io.stickyip.store.claim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which waiting guarded writes go to etcd together, and when (docs/reservations.md, "Group
 * commit"). Pure: the caller passes the time, sends what a {@link Plan} says and reports each
 * transaction's end; not thread-safe (the caller holds a lock).
 *
 * <p>When: a write that arrives while no transaction is in flight goes at once, alone. Writes that
 * arrive while one is in flight wait, and go together when the batch is full, when the oldest has
 * waited {@code window}, or when no transaction is in flight any more.
 *
 * <p>Together: the writes of one batch have disjoint footprints (no key is touched by two of
 * them: etcd refuses a transaction that puts one key twice, and disjoint writes are independent),
 * and every path of the nested transaction stays within etcd's {@link #MAX_TXN_OPS}: the batch's
 * own operations (one per write) plus the largest write's. A write that does not fit waits for the
 * next batch, in arrival order.
 */
final class GroupCommit<T extends GroupCommit.Member> {

    /** etcd's default --max-txn-ops, applied along every path of nested transactions. */
    static final int MAX_TXN_OPS = 128;

    /** One guarded write. */
    interface Member {
        /** Everything the write reads or writes, as names that are equal exactly when the keys are. */
        Set<String> footprint();

        /** Its largest list: compares, Then or Else operations. */
        int ops();
    }

    /** What to send now (each list one transaction, in order), and when to ask again if writes still wait. */
    record Plan<T>(List<List<T>> send, OptionalLong wakeAtNanos) {
        Plan {
            send = List.copyOf(send);
        }
    }

    private record Waiting<T>(T member, long sinceNanos) {}

    private final int max;
    private final long windowNanos;
    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param max         writes per transaction; 1 sends every write alone at once (no batching)
     * @param windowNanos how long a write may wait for others while a transaction is in flight
     */
    GroupCommit(int max, long windowNanos) {
        if (max < 1 || max >= MAX_TXN_OPS) {
            throw new IllegalArgumentException("batch size " + max + " is not between 1 and " + (MAX_TXN_OPS - 1));
        }
        if (windowNanos < 0) {
            throw new IllegalArgumentException("batch window " + windowNanos + " ns is negative");
        }
        this.max = max;
        this.windowNanos = windowNanos;
    }

    /** A write arrives at {@code now}. */
    Plan<T> offer(T member, long now) {
        if (member.ops() + 1 > MAX_TXN_OPS) {
            throw new IllegalArgumentException(
                    "a write of " + member.ops() + " operations does not fit one transaction");
        }
        waiting.add(new Waiting<>(member, now));
        return plan(now);
    }

    /** A transaction that a plan sent has ended (answered or failed). */
    Plan<T> ended(long now) {
        if (inFlight == 0) {
            throw new IllegalStateException("no transaction is in flight");
        }
        inFlight--;
        return plan(now);
    }

    /** The time a plan asked to be woken at, or later. */
    Plan<T> wake(long now) {
        return plan(now);
    }

    int waiting() {
        return waiting.size();
    }

    int inFlight() {
        return inFlight;
    }

    private Plan<T> plan(long now) {
        List<List<T>> send = new ArrayList<>();
        while (!waiting.isEmpty()) {
            boolean due = inFlight == 0
                    || waiting.size() >= max
                    || now - waiting.peekFirst().sinceNanos() >= windowNanos;
            if (!due) {
                return new Plan<>(send, OptionalLong.of(waiting.peekFirst().sinceNanos() + windowNanos));
            }
            send.add(take());
            inFlight++;
        }
        return new Plan<>(send, OptionalLong.empty());
    }

    /** The oldest write and, in arrival order, every later one that fits beside those taken. */
    private List<T> take() {
        List<T> batch = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        int largest = 0;
        for (Iterator<Waiting<T>> it = waiting.iterator(); it.hasNext() && batch.size() < max; ) {
            T member = it.next().member();
            int ops = Math.max(largest, member.ops());
            boolean fits = batch.size() + 1 + ops <= MAX_TXN_OPS && disjoint(touched, member.footprint());
            if (fits) {
                batch.add(member);
                touched.addAll(member.footprint());
                largest = ops;
                it.remove();
            }
        }
        return batch;
    }

    private static boolean disjoint(Set<String> touched, Set<String> footprint) {
        for (String name : footprint) {
            if (touched.contains(name)) {
                return false;
            }
        }
        return true;
    }
}
