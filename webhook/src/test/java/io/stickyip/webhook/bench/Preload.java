package io.stickyip.webhook.bench;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes {@code n} reservations under a prefix before a webhook cell starts, through the store's own
 * claim (so etcd holds exactly what admissions would have written: ip key, held index, slot,
 * meta), {@value #IN_FLIGHT} claims in flight. Bare pods {@code preload-I} of the benchmark's
 * namespace, each holding one address of the benchmark pool's upper half (10.72.0.0 and up), which
 * the load's random picks then find taken.
 */
final class Preload {
    static final int IN_FLIGHT = 64;
    private static final long FIRST = (10L << 24) | (72L << 16);

    private Preload() {}

    /** Blocks until all {@code n} are written; returns how long it took. */
    static Duration write(String endpoint, String prefix, int n) {
        long start = System.nanoTime();
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (EtcdReservationStore store = new EtcdReservationStore(
                EtcdStoreConfig.of(endpoint).withPrefix(prefix).withTimeout(Duration.ofSeconds(30)))) {
            for (int i = 0; i < n && failed.get() == null; i++) {
                window.acquireUninterruptibly();
                String address = address(i);
                ClaimRequest claim = ClaimRequest.of(
                        new WorkloadRef(AdmissionLoad.NAMESPACE, WorkloadRef.POD, "preload-" + i),
                        0,
                        AdmissionLoad.POOL,
                        List.of(address));
                store.claim(claim).whenComplete((result, error) -> {
                    if (error != null) {
                        failed.compareAndSet(null, error);
                    } else if (!(result instanceof ClaimResult.Created)) {
                        failed.compareAndSet(
                                null, new IllegalStateException("preload claim of " + address + ": " + result));
                    }
                    window.release();
                });
            }
            if (!window.tryAcquire(IN_FLIGHT, 5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("preload: claims still in flight after 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("preload interrupted", e);
        }
        if (failed.get() != null) {
            throw new IllegalStateException("preload failed: " + failed.get().getMessage(), failed.get());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String address(int i) {
        long a = FIRST + i;
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }
}
