package io.stickyip.store.watch;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.keys.EtcdKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link HolderIndex} in step with etcd's {@code ips/} keys: one listing (its header
 * revision R remembered), then a watch from R that applies only the changes (the index skips the
 * events at R, which the listing holds). Not from R+1: while nothing is written, R+1 is a future
 * revision, and etcd answers no progress request of a watch that starts in the future, so an idle
 * view would never be confirmed current (EtcdHolderWatchIT). A watch that etcd cancels because R
 * was compacted away, or that breaks in any way jetcd reports to its listener, is replaced by one
 * new listing and a new watch from its revision. A failed listing is tried again, backing off up
 * to {@link #MAX_RETRY}.
 *
 * <p><em>Current</em> means a listing or the watch answered (an event, its creation, or the
 * answer to the progress request {@link #requestProgress()} sends every {@link #INTERVAL}) within
 * the last {@link #MISSED_BEFORE_UNREADY} intervals: one slow answer under load is not an outage.
 * The index is a hint (see {@link HolderIndex}); nothing here decides uniqueness.
 */
public final class EtcdHolderWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdHolderWatch.class);
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final int MISSED_BEFORE_UNREADY = 3;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);

    /** Every held address at one revision. */
    public record Listing(Map<String, WorkloadRef> holders, long revision) {}

    private final Supplier<CompletableFuture<Listing>> lister;
    private final Supplier<Watch> watches;
    private final EtcdKeys keys;
    private final HolderIndex index;
    private final HolderListener listener;
    private final LongSupplier nanoTime;
    private final AtomicLong listings = new AtomicLong();
    private long generation;
    private Watch.Watcher watcher;
    private boolean closed;
    private int failuresInARow;
    private volatile long heardNanos;
    private volatile boolean heardOnce;

    public EtcdHolderWatch(
            Supplier<CompletableFuture<Listing>> lister,
            Supplier<Watch> watches,
            EtcdKeys keys,
            HolderIndex index,
            HolderListener listener,
            LongSupplier nanoTime) {
        this.lister = lister;
        this.watches = watches;
        this.keys = keys;
        this.index = index;
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /** Lists once and starts watching; returns at once (the listing completes on a jetcd thread). */
    public EtcdHolderWatch start() {
        relist();
        return this;
    }

    /** Whether the view was confirmed current within the last {@link #MISSED_BEFORE_UNREADY} intervals. */
    public boolean current() {
        return heardOnce && nanoTime.getAsLong() - heardNanos < INTERVAL.toNanos() * MISSED_BEFORE_UNREADY;
    }

    /** When the view was last confirmed current (System.nanoTime), for tests. */
    long lastHeardNanos() {
        return heardNanos;
    }

    /** Asks etcd to confirm the watch is current (answered by a progress notification); never blocks. */
    public synchronized void requestProgress() {
        if (watcher != null && !closed) {
            watcher.requestProgress();
        }
    }

    /** Listings made so far (1 after start; one more per compaction or broken watch). */
    public long listings() {
        return listings.get();
    }

    public HolderIndex index() {
        return index;
    }

    /**
     * Replaces the watch by one from the view's revision + 1 without listing: what jetcd does by
     * itself when a stream breaks and comes back. For tests that put a compaction in between.
     */
    synchronized void rewatchFromView() {
        long gen = ++generation;
        closeWatcher();
        openWatch(gen, index.revision() + 1);
    }

    /** Stops watching (for tests: a watch that is down, not yet noticed). */
    public synchronized void stopWatching() {
        ++generation;
        closeWatcher();
    }

    private void relist() {
        long gen;
        synchronized (this) {
            if (closed) {
                return;
            }
            gen = ++generation;
            closeWatcher();
        }
        listings.incrementAndGet();
        lister.get().whenComplete((listing, error) -> {
            if (error != null) {
                retryLater(gen, error);
                return;
            }
            synchronized (this) {
                if (closed || gen != generation) {
                    return;
                }
                index.reset(listing.holders(), listing.revision());
                listener.reset();
                failuresInARow = 0;
                heard();
                LOG.info(
                        "holder view listed addresses={} revision={}, watching from {}",
                        listing.holders().size(),
                        listing.revision(),
                        listing.revision());
                openWatch(gen, listing.revision());
            }
        });
    }

    /** Under the lock. */
    private void openWatch(long gen, long fromRevision) {
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                .withRevision(fromRevision)
                .withCreateNotify(true)
                .build();
        try {
            watcher = watches.get().watch(keys.ips(), option, new Listener(gen));
        } catch (RuntimeException e) {
            watcher = null;
            CompletableFuture.runAsync(() -> retryLater(gen, e));
        }
    }

    private void retryLater(long gen, Throwable error) {
        long delayMillis;
        synchronized (this) {
            if (closed || gen != generation) {
                return;
            }
            failuresInARow++;
            delayMillis = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failuresInARow - 1, 10));
        }
        LOG.warn(
                "holder view: listing failed failuresInARow={} retryInMs={} error=\"{}\"",
                failuresInARow,
                delayMillis,
                error.getMessage());
        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (this) {
                if (closed || gen != generation) {
                    return;
                }
            }
            relist();
        });
    }

    private void broken(long gen, Throwable error) {
        synchronized (this) {
            if (closed || gen != generation) {
                return;
            }
        }
        if (error instanceof CompactedException compacted) {
            LOG.info(
                    "holder view: watch from revision {} canceled, compacted up to {}; listing again",
                    index.revision() + 1,
                    compacted.getCompactedRevision());
        } else {
            LOG.warn(
                    "holder view: watch ended error=\"{}\"; listing again",
                    error == null ? "completed" : error.getMessage());
        }
        relist();
    }

    private void heard() {
        heardNanos = nanoTime.getAsLong();
        heardOnce = true;
    }

    private void closeWatcher() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeWatcher();
    }

    /** The watch's events as the index takes them. */
    List<HolderEvent> events(WatchResponse response) {
        List<HolderEvent> events = new ArrayList<>();
        for (WatchEvent event : response.getEvents()) {
            KeyValue kv = event.getKeyValue();
            String address = keys.address(kv.getKey());
            switch (event.getEventType()) {
                case PUT ->
                    events.add(new HolderEvent.Held(address, EtcdKeys.holder(kv.getValue()), kv.getModRevision()));
                case DELETE -> events.add(new HolderEvent.Freed(address, kv.getModRevision()));
                default -> LOG.debug("holder view: ignoring event {} on {}", event.getEventType(), address);
            }
        }
        return events;
    }

    private final class Listener implements Watch.Listener {
        private final long gen;

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onNext(WatchResponse response) {
            if (gen != currentGeneration()) {
                return;
            }
            heard();
            if (!response.getEvents().isEmpty()) {
                listener.changed(index.apply(events(response)));
            }
        }

        @Override
        public void onError(Throwable error) {
            broken(gen, error);
        }

        @Override
        public void onCompleted() {
            broken(gen, null);
        }
    }

    private synchronized long currentGeneration() {
        return generation;
    }
}
