package io.stickyip.runtime.kube;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one after the other every interval on one named daemon thread: a failing task is
 * logged and tried again next round, the others still run. Leader-free (every replica runs it,
 * e.g. each node agent); {@link LeaderElectedLoop} runs one only while it leads.
 */
public final class TaskLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskLoop.class);

    private final List<LoopTask> tasks;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> loop;
    private final java.util.concurrent.atomic.AtomicBoolean poked = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param threadName the thread's name, for thread dumps and logs */
    public TaskLoop(String threadName, List<LoopTask> tasks, Duration interval) {
        this.tasks = List.copyOf(tasks);
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the rounds, the first after one interval; again after {@link #stop()} is fine. */
    public synchronized void start() {
        if (loop == null || loop.isDone()) {
            loop = executor.scheduleWithFixedDelay(
                    this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the rounds; a round in progress finishes its current task. */
    public synchronized void stop() {
        if (loop != null) {
            loop.cancel(false);
            loop = null;
        }
    }

    /**
     * Runs a round now (on the loop's thread, so never beside another round) if the rounds are started;
     * pokes that arrive before that round begins are one round. Nothing when stopped (a follower).
     */
    public synchronized void poke() {
        if (loop != null && !loop.isDone() && poked.compareAndSet(false, true)) {
            executor.execute(() -> {
                poked.set(false);
                round();
            });
        }
    }

    public List<String> taskNames() {
        return tasks.stream().map(LoopTask::name).toList();
    }

    public Duration interval() {
        return interval;
    }

    private void round() {
        for (LoopTask task : tasks) {
            try {
                task.runOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("{} pass failed error=\"{}\"", task.name(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }
}
