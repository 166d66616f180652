package io.stickyip.agent.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stickyip.runtime.lifecycle.WorkerPool;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    final Vertx vertx = Vertx.vertx();
    final WorkerPool pool = new WorkerPool(vertx, "test-work", 4);

    @AfterEach
    void close() {
        pool.close();
        vertx.close().await();
    }

    WorkQueue queue(WorkQueue.Handler handler) {
        return new WorkQueue(
                vertx,
                pool,
                new WorkQueue.Backoffs(
                        new Backoff(Duration.ofMillis(5), Duration.ofMillis(40)),
                        new Backoff(Duration.ofMillis(5), Duration.ofMillis(10))),
                new SplittableRandom(1),
                handler);
    }

    @Test
    void anErrorInARunFreesTheKeySoItsNextChangeRunsItAgain() {
        AtomicInteger runs = new AtomicInteger();
        WorkQueue q = queue(key -> {
            if (runs.incrementAndGet() == 1) {
                throw new StackOverflowError("first run");
            }
            return Outcome.done();
        });
        q.start();
        q.add("pod-a");
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1 && q.depth() == 0);
        q.add("pod-a");
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2 && q.depth() == 0);
    }

    @Test
    void aKeyRunsOnOneWorkerAtATimeAndAChangeDuringARunRunsItOnceMore() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        WorkQueue q = queue(key -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            if (runs.incrementAndGet() == 1) {
                inside.countDown();
                waitFor(release);
            }
            concurrent.decrementAndGet();
            return Outcome.done();
        });
        q.start();
        q.add("pod-a");
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        q.add("pod-a");
        q.add("pod-a");
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2 && q.depth() == 0);
        assertThat(maxConcurrent).hasValue(1);
        assertThat(runs).as("two adds during the run make one more run").hasValue(2);
    }

    @Test
    void differentKeysRunInParallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        WorkQueue q = queue(key -> {
            both.countDown();
            waitFor(both);
            return Outcome.done();
        });
        q.start();
        q.add("a");
        q.add("b");
        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailedKeyIsRetriedWithGrowingDelaysUntilItSucceeds() {
        List<Long> at = new CopyOnWriteArrayList<>();
        WorkQueue q = queue(key -> {
            at.add(System.nanoTime());
            return at.size() < 5 ? new Outcome.Failed("test", "not yet") : Outcome.done();
        });
        q.start();
        q.add("k");
        await().atMost(Duration.ofSeconds(5)).until(() -> at.size() == 5 && q.depth() == 0);
        long firstGap = at.get(1) - at.get(0);
        long lastGap = at.get(4) - at.get(3);
        assertThat(firstGap)
                .as("first retry within its ceiling (5 ms) plus scheduling")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(40));
        assertThat(lastGap)
                .as("fourth retry waits at least half of 40 ms")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void keysAddedBeforeTheStartWaitForIt() {
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        WorkQueue q = queue(key -> {
            runs.merge(key, 1, Integer::sum);
            return Outcome.done();
        });
        q.add("early");
        q.add("early");
        assertThat(q.depth()).isEqualTo(1);
        assertThat(runs).isEmpty();
        q.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.getOrDefault("early", 0) == 1 && q.depth() == 0);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
