package io.stickyip.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void runsBlockingWorkOnItsNamedThreads() {
        try (WorkerPool pool = new WorkerPool(vertx, "sip-test-blocking", 2)) {
            String thread = pool.run(() -> Thread.currentThread().getName()).await();

            assertThat(thread).startsWith("sip-test-blocking");
            assertThat(java.util.concurrent.CompletableFuture.supplyAsync(
                                    () -> Thread.currentThread().getName(), pool.executor())
                            .join())
                    .startsWith("sip-test-blocking");
        }
    }

    @Test
    void periodicRoundsNeverOverlapAndAFailureDoesNotStopThem() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (WorkerPool pool = new WorkerPool(vertx, "sip-test-periodic", 4)) {
            pool.every(Duration.ofMillis(10), "test round", () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    if (rounds.incrementAndGet() == 1) {
                        release.await(); // the first round holds on while timers fire
                    }
                    if (rounds.get() % 2 == 0) {
                        throw new IllegalStateException("every other round fails");
                    }
                    return null;
                } finally {
                    running.decrementAndGet();
                }
            });
            await().pollDelay(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> rounds.get() == 1);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= 6);
            assertThat(most).hasValue(1);
        }
    }
}
