package io.stickyip.webhook.events;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.runtime.pods.PodEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AddressReserved} Events of this replica's admissions: each waits, keyed by its pod's namespace and claim
 * token, until the managed-pod informer shows that pod stored; then one Event is written on a worker thread. The
 * admission never waits for it and never fails because of it: a write that fails is logged and counted, a pod that
 * never comes (another webhook refused it, the request timed out) is forgotten after {@code expiry}, and at most
 * {@value #MAX_PENDING} wait at once (past that, new ones are dropped and counted).
 */
public final class ReservationEvents implements PodEvents, Consumer<AddressReserved> {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationEvents.class);
    static final int MAX_PENDING = 10_000;

    /** Writes one Event on a stored pod (blocking: an API call). */
    @FunctionalInterface
    public interface Sink {
        void write(Pod pod, AddressReserved reserved);
    }

    private record Pending(AddressReserved reserved, Instant expires) {}

    private final Sink sink;
    private final Executor executor;
    private final Clock clock;
    private final Duration expiry;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Instant nextPurge;

    public ReservationEvents(Sink sink, Executor executor, Clock clock, Duration expiry) {
        this.sink = sink;
        this.executor = executor;
        this.clock = clock;
        this.expiry = expiry;
        this.nextPurge = clock.instant().plus(expiry);
    }

    /** An admission reserved {@code reserved}: its Event waits for the pod. */
    @Override
    public void accept(AddressReserved reserved) {
        Instant now = clock.instant();
        purge(now);
        reserved.key().ifPresent(key -> {
            if (pending.size() >= MAX_PENDING) {
                dropped.incrementAndGet();
                return;
            }
            pending.put(key, new Pending(reserved, now.plus(expiry)));
        });
    }

    @Override
    public void live(Pod pod) {
        Instant now = clock.instant();
        for (String key : AddressReserved.keysOf(pod)) {
            Pending p = pending.get(key);
            if (p != null && now.isBefore(p.expires()) && p.reserved().isFor(pod) && pending.remove(key, p)) {
                submit(pod, p.reserved());
                return;
            }
        }
    }

    @Override
    public void gone(Pod pod) {
        AddressReserved.keysOf(pod).forEach(pending::remove);
    }

    private void submit(Pod pod, AddressReserved reserved) {
        try {
            executor.execute(() -> write(pod, reserved));
        } catch (RejectedExecutionException e) {
            fail(pod, e);
        }
    }

    private void write(Pod pod, AddressReserved reserved) {
        try {
            sink.write(pod, reserved);
            written.incrementAndGet();
        } catch (RuntimeException e) {
            fail(pod, e);
        }
    }

    private void fail(Pod pod, Exception e) {
        failed.incrementAndGet();
        LOG.warn(
                "event not written pod={}/{} reason={} error=\"{}\"",
                LogValue.of(pod.getMetadata().getNamespace()),
                LogValue.of(pod.getMetadata().getName()),
                AddressReserved.REASON,
                LogValue.of(String.valueOf(e.getMessage())));
    }

    private void purge(Instant now) {
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(expiry);
        pending.values().removeIf(p -> !now.isBefore(p.expires()));
    }

    /** Events written. */
    public long written() {
        return written.get();
    }

    /** Events whose write failed (logged). */
    public long failed() {
        return failed.get();
    }

    /** Events never awaited: too many were waiting. */
    public long dropped() {
        return dropped.get();
    }

    /** Events waiting for their pod. */
    public int pending() {
        return pending.size();
    }
}
