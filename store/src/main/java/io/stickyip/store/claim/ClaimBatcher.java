package io.stickyip.store.claim;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.stickyip.store.config.ClaimBatching;
import io.stickyip.store.connection.EtcdFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends guarded writes to etcd as {@link GroupCommit} plans them: a write alone as its own
 * transaction, several as one transaction whose Then branch holds each write as a nested
 * transaction with its own guards, so one write's failed guard fails no other. Each caller gets
 * its own write's {@link GuardedWrite.Outcome}. A batch etcd refuses as a whole (rather than
 * failing to answer) is sent again write by write.
 */
public final class ClaimBatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimBatcher.class);

    private final Supplier<KV> kv;
    private final LongSupplier nanos;
    private final GroupCommit<Pending> plan;
    private final ScheduledExecutorService timer;
    private final LongAdder transactions = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder batched = new LongAdder();
    private final LongAccumulator largest = new LongAccumulator(Math::max, 0);
    private boolean timerArmed;

    private record Pending(
            GuardedWrite write, BooleanSupplier abandoned, CompletableFuture<GuardedWrite.Outcome> outcome)
            implements GroupCommit.Member {
        @Override
        public Set<String> footprint() {
            return write.footprint();
        }

        @Override
        public int ops() {
            return write.ops();
        }
    }

    /** Transactions sent, the writes they carried, those sent in a batch of two or more, and the largest batch. */
    public record Counts(long transactions, long writes, long batched, long largest) {}

    public ClaimBatcher(ClaimBatching batching, Supplier<KV> kv, LongSupplier nanos) {
        this.kv = kv;
        this.nanos = nanos;
        this.plan = new GroupCommit<>(batching.max(), batching.window().toNanos());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "stickyip-etcd-batch");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /**
     * Sends {@code write} alone at once, or with others soon. {@code abandoned} says its caller
     * gave up: it is then not sent, and fails.
     */
    CompletableFuture<GuardedWrite.Outcome> submit(GuardedWrite write, BooleanSupplier abandoned) {
        Pending pending = new Pending(write, abandoned, new CompletableFuture<>());
        GroupCommit.Plan<Pending> next;
        synchronized (this) {
            next = plan.offer(pending, nanos.getAsLong());
        }
        carryOut(next);
        return pending.outcome();
    }

    public Counts counts() {
        return new Counts(transactions.sum(), writes.sum(), batched.sum(), largest.get());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        Counts counts = counts();
        LOG.info(
                "group commit: {} transactions carried {} claims' writes, {} of them in batches, the largest of {}",
                counts.transactions(),
                counts.writes(),
                counts.batched(),
                counts.largest());
    }

    private void carryOut(GroupCommit.Plan<Pending> next) {
        next.send().forEach(this::send);
        next.wakeAtNanos().ifPresent(this::wakeAt);
    }

    private void wakeAt(long atNanos) {
        synchronized (this) {
            if (timerArmed || timer.isShutdown()) {
                return;
            }
            timerArmed = true;
        }
        try {
            timer.schedule(
                    () -> {
                        GroupCommit.Plan<Pending> next;
                        synchronized (this) {
                            timerArmed = false;
                            next = plan.wake(nanos.getAsLong());
                        }
                        carryOut(next);
                    },
                    Math.max(0, atNanos - nanos.getAsLong()),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // the store is closing: writes still waiting fail by their store call's timeout
            synchronized (this) {
                timerArmed = false;
            }
        }
    }

    private void send(List<Pending> planned) {
        List<Pending> batch = new ArrayList<>(planned.size());
        for (Pending pending : planned) {
            if (pending.abandoned().getAsBoolean()) {
                pending.outcome()
                        .completeExceptionally(
                                new IllegalStateException("claim abandoned after the store call timed out"));
            } else {
                batch.add(pending);
            }
        }
        CompletableFuture<List<GuardedWrite.Outcome>> sent =
                batch.isEmpty() ? CompletableFuture.completedFuture(List.of()) : commit(batch);
        sent.whenComplete((outcomes, error) -> {
            GroupCommit.Plan<Pending> next;
            synchronized (this) {
                next = plan.ended(nanos.getAsLong());
            }
            if (error != null && batch.size() > 1 && !EtcdFailures.unreachable(error)) {
                LOG.warn(
                        "etcd refused a batch of {} claims, sending them one by one error=\"{}\"",
                        batch.size(),
                        EtcdFailures.unwrap(error).getMessage());
                batch.forEach(pending ->
                        commit(List.of(pending)).whenComplete((one, failed) -> deliver(List.of(pending), one, failed)));
            } else {
                deliver(batch, outcomes, error);
            }
            carryOut(next);
        });
    }

    private CompletableFuture<List<GuardedWrite.Outcome>> commit(List<Pending> batch) {
        try {
            transactions.increment();
            writes.add(batch.size());
            if (batch.size() == 1) {
                GuardedWrite write = batch.getFirst().write();
                return kv.get()
                        .txn()
                        .If(write.guards().toArray(Cmp[]::new))
                        .Then(write.then().toArray(Op[]::new))
                        .Else(write.otherwise().toArray(Op[]::new))
                        .commit()
                        .thenApply(txn -> List.of(new GuardedWrite.Outcome(txn.isSucceeded(), txn.getGetResponses())));
            }
            batched.add(batch.size());
            largest.accumulate(batch.size());
            return kv.get()
                    .txn()
                    .Then(batch.stream()
                            .map(pending -> pending.write().asNested())
                            .toArray(Op[]::new))
                    .commit()
                    .thenApply(ClaimBatcher::outcomes);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static List<GuardedWrite.Outcome> outcomes(TxnResponse batch) {
        return batch.getTxnResponses().stream()
                .map(nested -> new GuardedWrite.Outcome(nested.isSucceeded(), nested.getGetResponses()))
                .toList();
    }

    private static void deliver(List<Pending> batch, List<GuardedWrite.Outcome> outcomes, Throwable error) {
        if (error == null && outcomes.size() != batch.size()) {
            error = new IllegalStateException(
                    "etcd answered " + outcomes.size() + " nested transactions for " + batch.size());
        }
        for (int i = 0; i < batch.size(); i++) {
            if (error != null) {
                batch.get(i).outcome().completeExceptionally(error);
            } else {
                batch.get(i).outcome().complete(outcomes.get(i));
            }
        }
    }
}
