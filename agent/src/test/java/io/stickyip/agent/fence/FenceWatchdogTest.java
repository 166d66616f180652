package io.stickyip.agent.fence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FenceWatchdogTest {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    final ManualClock clock = new ManualClock(T0);
    final FenceState state =
            new FenceState(new FenceTiming(Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    final List<String> done = new ArrayList<>();
    final FenceWatchdog dog = new FenceWatchdog(state, clock, Duration.ofSeconds(1), new FenceWatchdog.Actions() {
        @Override
        public void fenceAll() {
            done.add("fence");
        }

        @Override
        public void resumeAll() {
            done.add("resume");
        }
    });

    @Test
    void removesTheAddressesALeadBeforeTheDeadlineEveryRoundUntilRenewedThenResumes() {
        state.renewed(T0);
        clock.advance(Duration.ofMillis(28_900));
        dog.runOnce();
        assertThat(done).as("deadline 30 s, lead 1 s: not yet at 28.9 s").isEmpty();
        clock.advance(Duration.ofMillis(200));
        dog.runOnce();
        dog.runOnce();
        assertThat(done).containsExactly("fence", "fence");
        assertThat(dog.fenced()).isTrue();
        state.renewed(clock.instant());
        dog.runOnce();
        dog.runOnce();
        assertThat(done).containsExactly("fence", "fence", "resume");
    }

    @Test
    void beforeTheFirstRenewalItHoldsNothing() {
        dog.runOnce();
        assertThat(done).containsExactly("fence");
    }
}
