package io.stickyip.agent.work;

import io.stickyip.runtime.lifecycle.WorkerPool;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed work queue as client-go's: a key is handled by one worker at a time (a change arriving meanwhile
 * runs it once more afterwards), keys run in parallel on the named {@link WorkerPool}, and a failed key is
 * retried with {@link Backoff} (its count reset by a success). Timers are Vert.x timers: they only enqueue,
 * the work itself never runs on an event loop.
 */
public final class WorkQueue {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    /** Handles one key; blocking. */
    @FunctionalInterface
    public interface Handler {
        Outcome handle(String key);
    }

    private final Vertx vertx;
    private final WorkerPool pool;
    private final Backoff backoff;
    private final Backoff poll;
    private final RandomGenerator random;
    private final Handler handler;
    private final Set<String> queued = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Long> timers = new HashMap<>();
    private volatile boolean stopped;
    private boolean started;

    /**
     * @param backoff after a failure
     * @param poll    while something is not possible yet (a sandbox being created): short, so the pod is plumbed
     *                as soon as its sandbox is ready
     */
    public WorkQueue(Vertx vertx, WorkerPool pool, Backoffs backoffs, RandomGenerator random, Handler handler) {
        this.vertx = vertx;
        this.pool = pool;
        this.backoff = backoffs.failure();
        this.poll = backoffs.poll();
        this.random = random;
        this.handler = handler;
    }

    /** Runs the key soon (at once if idle; after its current run if running). */
    public void add(String key) {
        boolean dispatch;
        synchronized (this) {
            if (stopped || !queued.add(key)) {
                return;
            }
            dispatch = started && !running.contains(key);
        }
        if (dispatch) {
            dispatch(key);
        }
    }

    /** Runs the key after {@code delay} (an earlier timer for it stands). */
    public void addAfter(String key, Duration delay) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            Long old = timers.remove(key);
            if (old != null) {
                vertx.cancelTimer(old);
            }
            long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
                synchronized (this) {
                    timers.remove(key);
                }
                add(key);
            });
            timers.put(key, id);
        }
    }

    /** Until started, keys are only collected (the agent first sweeps what an earlier process left). */
    public void start() {
        java.util.List<String> pending;
        synchronized (this) {
            started = true;
            pending = java.util.List.copyOf(queued);
        }
        pending.forEach(this::dispatch);
    }

    /** Keys waiting or running now (for readiness and tests). */
    public synchronized int depth() {
        return queued.size() + running.size();
    }

    public synchronized void stop() {
        stopped = true;
        timers.values().forEach(vertx::cancelTimer);
        timers.clear();
    }

    private void dispatch(String key) {
        pool.run(() -> {
            process(key);
            return null;
        });
    }

    private void process(String key) {
        synchronized (this) {
            queued.remove(key);
            running.add(key);
        }
        Outcome outcome;
        try {
            outcome = handler.handle(key);
        } catch (RuntimeException e) {
            LOG.warn("reconcile failed key={} error=\"{}\"", key, e.toString());
            outcome = new Outcome.Failed("unexpected", e.toString());
        } catch (Error e) {
            // not swallowed by the worker pool: said, and the key freed (its next change queues it again)
            LOG.error("reconcile failed key={} with an error", key, e);
            synchronized (this) {
                running.remove(key);
            }
            throw e;
        }
        boolean again;
        synchronized (this) {
            running.remove(key);
            again = queued.contains(key) && !stopped;
        }
        schedule(key, outcome);
        if (again) {
            dispatch(key);
        }
    }

    private void schedule(String key, Outcome outcome) {
        switch (outcome) {
            case Outcome.Done d -> {
                synchronized (this) {
                    failures.remove(key);
                }
            }
            case Outcome.After a -> {
                synchronized (this) {
                    failures.remove(key);
                }
                addAfter(key, a.delay());
            }
            case Outcome.Poll p -> retry(key, poll);
            case Outcome.Failed f -> retry(key, backoff);
        }
    }

    private void retry(String key, Backoff b) {
        int n;
        synchronized (this) {
            n = failures.merge(key, 1, Integer::sum);
        }
        addAfter(key, b.delay(n, random));
    }

    /** The two backoffs of a queue. */
    public record Backoffs(Backoff failure, Backoff poll) {}
}
