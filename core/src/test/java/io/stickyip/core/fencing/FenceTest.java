package io.stickyip.core.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FenceTest {

    static final FenceTiming T = FenceTiming.DEFAULT; // lease 40 s, safety 10 s, margin 10 s
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final String A = "192.0.2.50";

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                decision("takes an address nobody lists", "b", 0, 5, new AddressFence.Decision.Take()),
                decision(
                        "takes an address its previous holder released (no longer lists it)",
                        "b",
                        0,
                        5,
                        new AddressFence.Decision.Take(),
                        hb("a", "v2", Set.of("198.51.100.9"), 0)),
                decision(
                        "waits while the holder's heartbeat is fresh",
                        "b",
                        0,
                        5,
                        new AddressFence.Decision.WaitForRelease("c", at(50)),
                        hb("c", "v1", Set.of(A), 0)),
                decision(
                        "still waits when the holder's lease has just expired, within the margin",
                        "b",
                        30,
                        45,
                        new AddressFence.Decision.WaitForRelease("c", at(50)),
                        hb("c", "v1", Set.of(A), 0)),
                decision(
                        "takes once the holder has been silent a whole lease plus the margin",
                        "b",
                        30,
                        50,
                        new AddressFence.Decision.Take(),
                        hb("c", "v1", Set.of(A), 0)),
                decision(
                        "takes from a silent holder whose name sorts first too (expiry beats the tie rule)",
                        "b",
                        30,
                        50,
                        new AddressFence.Decision.Take(),
                        hb("a", "v1", Set.of(A), 0)),
                decision(
                        "yields when both claim and the other's name sorts first",
                        "b",
                        0,
                        5,
                        new AddressFence.Decision.Yield("a"),
                        hb("a", "v1", Set.of(A), 3)),
                decision(
                        "waits (does not yield) when both claim and its own name sorts first",
                        "a",
                        0,
                        5,
                        new AddressFence.Decision.WaitForRelease("b", at(53)),
                        hb("b", "v1", Set.of(A), 3)),
                decision(
                        "ignores its own heartbeat when it lists the address",
                        "a",
                        0,
                        5,
                        new AddressFence.Decision.Take(),
                        hb("a", "v1", Set.of(A), 0)),
                decision(
                        "attaches nothing before its own first renewal",
                        "b",
                        null,
                        5,
                        new AddressFence.Decision.SelfFenced()),
                decision(
                        "attaches nothing once its own renewal is older than lease minus safety",
                        "b",
                        0,
                        30,
                        new AddressFence.Decision.SelfFenced()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesWhetherAnAddressMayGoLiveHere(
            String sentence,
            String self,
            Integer renewedAt,
            int now,
            AddressFence.Decision expected,
            NodeHeartbeat[] others,
            int[] seenAt) {
        SelfFence own = new SelfFence(T);
        if (renewedAt != null) {
            own.renewed(at(renewedAt));
        }
        HeartbeatTracker tracker = new HeartbeatTracker();
        for (int i = 0; i < others.length; i++) {
            tracker.observe(others[i], at(seenAt[i]));
        }

        assertThat(new AddressFence(T).decide(self, A, own, tracker, at(now)))
                .as(sentence)
                .isEqualTo(expected);
    }

    @Test
    void aHeartbeatSeenAgainUnchangedDoesNotRestartItsClockButANewVersionDoes() {
        HeartbeatTracker tracker = new HeartbeatTracker();
        tracker.observe(new NodeHeartbeat("a", "v1", Set.of(A)), at(0));
        tracker.observe(new NodeHeartbeat("a", "v1", Set.of(A)), at(30));
        assertThat(tracker.get("a").orElseThrow().seenAt()).isEqualTo(at(0));

        tracker.observe(new NodeHeartbeat("a", "v2", Set.of(A)), at(31));
        assertThat(tracker.get("a").orElseThrow().seenAt()).isEqualTo(at(31));
    }

    @Test
    void theHolderIsGoneBeforeAnyTakerMayTakeWhateverTheMessageDelays() {
        // the argument of docs/fencing.md as a check over a grid of send/observe delays (seconds)
        for (int sent = 0; sent <= 20; sent++) {
            for (int observedDelay = 0; observedDelay <= 20; observedDelay++) {
                SelfFence holder = new SelfFence(T);
                holder.renewed(at(sent));
                HeartbeatTracker taker = new HeartbeatTracker();
                taker.observe(new NodeHeartbeat("a", "v" + sent, Set.of(A)), at(sent + observedDelay));
                Instant holderGone = holder.deadline();
                Instant takerMay = new AddressFence(T).takeableAt(taker.get("a").orElseThrow());
                assertThat(holderGone)
                        .as("sent %d, observed +%d", sent, observedDelay)
                        .isBefore(takerMay.minus(T.safety()).plusMillis(1));
            }
        }
    }

    static Stream<Arguments> selfFence() {
        return Stream.of(
                Arguments.of(
                        "renews at half the lease after the last renewal was sent",
                        0,
                        5,
                        new SelfFence.Decision.RenewAt(at(20))),
                Arguments.of(
                        "renews at once when the half-lease has passed", 0, 25, new SelfFence.Decision.RenewAt(at(25))),
                Arguments.of(
                        "is fenced at lease minus safety without a renewal",
                        0,
                        30,
                        new SelfFence.Decision.Fenced(at(30))),
                Arguments.of("stays fenced later", 0, 300, new SelfFence.Decision.Fenced(at(30))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selfFence")
    void renewsAtHalfTheLeaseAndFencesItselfBeforeItExpires(
            String sentence, int renewed, int now, SelfFence.Decision expected) {
        SelfFence f = new SelfFence(T);
        f.renewed(at(renewed));

        assertThat(f.decide(at(now))).as(sentence).isEqualTo(expected);
    }

    @Test
    void aLateAcknowledgementOfAnOlderRenewalDoesNotMoveTheDeadlineBack() {
        SelfFence f = new SelfFence(T);
        f.renewed(at(20));
        f.renewed(at(0));

        assertThat(f.deadline()).isEqualTo(at(50));
        assertThat(new SelfFence(T).decide(at(0))).isEqualTo(new SelfFence.Decision.Fenced(at(0)));
    }

    @Test
    void refusesTimingsThatCannotFence() {
        assertThatThrownBy(() -> new FenceTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new FenceTiming(Duration.ofSeconds(40), Duration.ofSeconds(20), Duration.ZERO))
                .hasMessageContaining("safety PT20S must be in [0, lease/2)");
        assertThat(T.renewEvery()).isEqualTo(Duration.ofSeconds(20));
    }

    private static Object[] hb(String node, String version, Set<String> attached, int seenAt) {
        return new Object[] {new NodeHeartbeat(node, version, attached), seenAt};
    }

    private static Arguments decision(
            String sentence,
            String self,
            Integer renewedAt,
            int now,
            AddressFence.Decision expected,
            Object[]... others) {
        NodeHeartbeat[] hbs = Stream.of(others).map(o -> (NodeHeartbeat) o[0]).toArray(NodeHeartbeat[]::new);
        int[] seen = Stream.of(others).mapToInt(o -> (Integer) o[1]).toArray();
        return Arguments.of(sentence, self, renewedAt, now, expected, hbs, seen);
    }
}
