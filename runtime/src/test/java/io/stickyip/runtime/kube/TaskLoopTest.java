package io.stickyip.runtime.kube;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TaskLoopTest {

    static LoopTask task(String name, Runnable body) {
        return new LoopTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void runOnce() {
                body.run();
            }
        };
    }

    @Test
    void runsEveryTaskEachRoundOnItsNamedThreadAndStopsWhenToldTo() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        try (TaskLoop loop = new TaskLoop("sip-test-loop", List.of(
                task("boom", () -> {
                    first.incrementAndGet();
                    throw new IllegalStateException("fails every time");
                }),
                task("count", () -> {
                    thread.set(Thread.currentThread().getName());
                    second.incrementAndGet();
                })), Duration.ofMillis(50))) {
            loop.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.get() >= 3);
            assertThat(first.get()).isGreaterThanOrEqualTo(second.get());
            assertThat(thread).hasValue("sip-test-loop");
            assertThat(loop.taskNames()).containsExactly("boom", "count");

            loop.stop();
            int stopped = second.get();
            loop.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.get() >= stopped + 3);
        }
    }
}
