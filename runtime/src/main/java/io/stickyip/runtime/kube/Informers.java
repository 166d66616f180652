package io.stickyip.runtime.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stickyip.runtime.http.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployable's informers, started together once everything that listens to them is wired: first
 * {@link #cache} each source and {@link #onChange} the listeners (in any order), then {@link #start()}.
 * A listener given after the start is refused, so no listener misses the first list (the bug of a
 * handler added after {@code run()}: an event before it existed, or an NPE on a half-built object).
 */
public final class Informers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Informers.class);
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(60);

    private final Duration syncTimeout;
    private final List<Cache<?>> caches = new ArrayList<>();
    private final List<Runnable> afterSync = new ArrayList<>();
    private boolean started;

    public Informers() {
        this(DEFAULT_SYNC_TIMEOUT);
    }

    /** @param syncTimeout how long {@link #start()} waits for every first list */
    public Informers(Duration syncTimeout) {
        this.syncTimeout = syncTimeout;
    }

    /** An informer on {@code source} (e.g. {@code client.pods().inAnyNamespace().withLabel(..)}), not started. */
    public <T extends HasMetadata> Cache<T> cache(String name, Informable<T> source) {
        return cache(name, source, Map.of());
    }

    /** As {@link #cache(String, Informable)}, with indexers readable through {@link Cache#byIndex}. */
    public synchronized <T extends HasMetadata> Cache<T> cache(
            String name, Informable<T> source, Map<String, Function<T, List<String>>> indexers) {
        requireNotStarted("cache " + name);
        SharedIndexInformer<T> informer = source.runnableInformer(0L);
        if (!indexers.isEmpty()) {
            informer.addIndexers(indexers);
        }
        Cache<T> cache = new Cache<>(name, informer);
        caches.add(cache);
        return cache;
    }

    /** Tells {@code handler} of every add, update and delete, the first list included. Only before {@link #start()}. */
    public synchronized <T extends HasMetadata> void onChange(Cache<T> cache, ResourceEventHandler<? super T> handler) {
        requireNotStarted("a listener on " + cache.name());
        cache.informer().addEventHandler(handler);
    }

    /**
     * Runs {@code action} once every informer has its first list, before {@link #start()} returns
     * (listeners are told asynchronously; this is the moment the caches are known complete).
     */
    public synchronized void onSynced(Runnable action) {
        requireNotStarted("an after-sync action");
        afterSync.add(action);
    }

    /**
     * Starts every informer and waits until each has its first list. Blocking.
     *
     * @throws IllegalStateException naming the informer that failed or did not sync in time
     */
    public void start() {
        List<Cache<?>> all;
        List<Runnable> actions;
        synchronized (this) {
            requireNotStarted("start");
            started = true;
            all = List.copyOf(caches);
            actions = List.copyOf(afterSync);
        }
        Map<Cache<?>, CompletableFuture<Void>> pending = new java.util.LinkedHashMap<>();
        all.forEach(c -> pending.put(c, c.informer().start().toCompletableFuture()));
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        for (Map.Entry<Cache<?>, CompletableFuture<Void>> e : pending.entrySet()) {
            await(e.getKey(), e.getValue(), deadline);
        }
        LOG.info(
                "informers synced {}",
                all.stream().map(c -> c.name() + "=" + c.list().size()).toList());
        actions.forEach(Runnable::run);
    }

    private void await(Cache<?> cache, CompletableFuture<Void> sync, long deadline) {
        try {
            sync.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("informer " + cache.name() + " did not sync within " + syncTimeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "informer " + cache.name() + " failed to start: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while informer " + cache.name() + " synced", e);
        }
    }

    public synchronized boolean synced() {
        return started && caches.stream().allMatch(Cache::synced);
    }

    /** Not ready while any informer has not synced, naming them. */
    public Readiness readiness() {
        return () -> {
            synchronized (this) {
                return caches.stream()
                        .filter(c -> !started || !c.synced())
                        .map(c -> "informer " + c.name())
                        .toList();
            }
        };
    }

    private void requireNotStarted(String what) {
        if (started) {
            throw new IllegalStateException("informers already started: " + what + " must be set up before start()");
        }
    }

    @Override
    public synchronized void close() {
        caches.reversed().forEach(c -> c.informer().close());
    }
}
