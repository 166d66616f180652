package io.stickyip.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

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
        try (TaskLoop loop = new TaskLoop(
                "sip-test-loop",
                List.of(
                        task("boom", () -> {
                            first.incrementAndGet();
                            throw new IllegalStateException("fails every time");
                        }),
                        task("count", () -> {
                            thread.set(Thread.currentThread().getName());
                            second.incrementAndGet();
                        })),
                Duration.ofMillis(50))) {
            loop.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.get() >= 3);
            int counted = second.get(); // read before first: a round may finish between the two reads
            assertThat(first.get()).isGreaterThanOrEqualTo(counted);
            assertThat(thread).hasValue("sip-test-loop");
            assertThat(loop.taskNames()).containsExactly("boom", "count");

            loop.stop();
            int stopped = second.get();
            loop.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.get() >= stopped + 3);
        }
    }

    @Test
    void aPokeRunsARoundAtOnceWhenStartedAndNothingWhenStopped() {
        AtomicInteger rounds = new AtomicInteger();
        try (TaskLoop loop =
                new TaskLoop("sip-test-poke", List.of(task("count", rounds::incrementAndGet)), Duration.ofHours(1))) {
            loop.poke();
            assertThat(rounds).as("stopped: a poke does nothing").hasValue(0);

            loop.start(); // the first periodic round is an hour away
            loop.poke();

            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 1);
        }
    }
}
