package io.stickyip.runtime.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named pool of worker threads for blocking work (file reads, fabric8 and etcd calls that wait),
 * so it never runs on an event loop and shows by name in thread dumps ({@code NAME-N}).
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final Vertx vertx;
    private final String name;
    private final WorkerExecutor executor;

    public WorkerPool(Vertx vertx, String name, int size) {
        this.vertx = vertx;
        this.name = name;
        this.executor = vertx.createSharedWorkerExecutor(name, size);
    }

    /** Runs {@code task} on a worker thread; its result or failure completes the future on the caller's context. */
    public <T> Future<T> run(Callable<T> task) {
        return executor.executeBlocking(task, false);
    }

    /** The pool as an {@link Executor}, for APIs that take one ({@code CompletableFuture.supplyAsync(.., pool.executor())}). */
    public Executor executor() {
        return command -> executor.executeBlocking(
                        () -> {
                            command.run();
                            return null;
                        },
                        false)
                .onFailure(e -> LOG.warn("task failed pool={} error=\"{}\"", name, e.toString()));
    }

    /**
     * Runs {@code task} every {@code period}; a round still running when the next is due makes that
     * one skip (rounds never overlap). A failure is logged and the next round runs anyway.
     *
     * @return the timer id ({@link Vertx#cancelTimer})
     */
    public long every(Duration period, String what, Callable<?> task) {
        AtomicBoolean running = new AtomicBoolean();
        return vertx.setPeriodic(period.toMillis(), id -> {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            run(task).onComplete(done -> {
                running.set(false);
                if (done.failed()) {
                    LOG.warn(
                            "{} failed pool={} error=\"{}\"",
                            what,
                            name,
                            done.cause().toString());
                }
            });
        });
    }

    @Override
    public void close() {
        executor.close();
    }
}
