package io.stickyip.agent.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import io.stickyip.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OwnLeaseTest {
    static final FenceTiming T =
            new FenceTiming(Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofSeconds(10));
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    final MemoryLeases api = new MemoryLeases();
    final ManualClock clock = new ManualClock(T0);
    final FenceState fence = new FenceState(T);
    final AtomicInteger steps = new AtomicInteger();
    final OwnLease lease = new OwnLease(
            api,
            new OwnLease.Owner("stickyip-system", "w1", "agent-1"),
            new OwnLease.LeaseSettings(Duration.ofSeconds(10), 4),
            clock,
            fence,
            steps::incrementAndGet);

    AgentReport stored() {
        return ((AgentLeases.Read.Ok) AgentLeases.read(api.stored.get("stickyip-node-w1"))).report();
    }

    @Test
    void aClaimIsWrittenBeforeItReturnsAndCountsAsARenewalSentThen() {
        lease.claim(List.of("198.51.100.10"));
        assertThat(stored().attached()).containsExactly("198.51.100.10");
        assertThat(stored().freeAddresses()).isEqualTo(3);
        assertThat(stored().renewTime()).isEqualTo(T0);
        assertThat(fence.deadline()).contains(T0.plusSeconds(30));
        assertThat(steps).hasValue(1);
    }

    @Test
    void aClaimAlreadyWrittenCostsNoWrite() {
        lease.claim(List.of("198.51.100.10"));
        lease.claim(List.of("198.51.100.10"));
        assertThat(api.writes()).isEqualTo(1);
    }

    @Test
    void aHeartbeatWritesOnlyWhenDueOrChanged() {
        lease.heartbeat();
        assertThat(api.writes()).as("first heartbeat: no Lease yet").isEqualTo(1);
        clock.advance(Duration.ofSeconds(9));
        lease.heartbeat();
        assertThat(api.writes()).as("9 s later: not due").isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        lease.heartbeat();
        assertThat(api.writes()).as("10 s later: due").isEqualTo(2);
        assertThat(fence.deadline()).contains(T0.plusSeconds(10 + 30));
    }

    @Test
    void aReleaseRemovesTheAddressButKeepsTheOthers() {
        lease.claim(List.of("198.51.100.10", "198.51.100.11"));
        lease.release(List.of("198.51.100.10"));
        assertThat(stored().attached()).containsExactly("198.51.100.11");
        lease.release(List.of("198.51.100.10"));
        assertThat(api.writes())
                .as("releasing what is not listed writes nothing")
                .isEqualTo(2);
    }

    @Test
    void aFailedWriteIsNoRenewalAndTheClaimIsWrittenByTheNextOne() {
        api.down = true;
        assertThatThrownBy(() -> lease.claim(List.of("198.51.100.10"))).isInstanceOf(KubernetesClientException.class);
        assertThat(fence.deadline()).isEmpty();
        api.down = false;
        clock.advance(Duration.ofSeconds(1));
        lease.heartbeat();
        assertThat(stored().attached())
                .as("a superset is safe: the claim stays until released")
                .containsExactly("198.51.100.10");
        assertThat(fence.deadline()).contains(T0.plusSeconds(31));
    }

    @Test
    void aRestartKeepsThePreviousClaimsAndItsRenewalWhileItsDeadlineIsAhead() {
        api.apply(AgentLeases.toLease(
                "stickyip-system",
                new AgentReport(
                        "w1", "agent-0", T0, Duration.ofSeconds(40), 3, new TreeSet<>(Set.of("198.51.100.12")))));
        clock.advance(Duration.ofSeconds(20));
        OwnLease.Previous previous = lease.adopt();
        assertThat(previous.attached()).containsExactly("198.51.100.12");
        assertThat(lease.claimed()).containsExactly("198.51.100.12");
        assertThat(fence.mayHold(clock.instant()))
                .as("20 s after the previous renewal, deadline at 30 s")
                .isTrue();
        lease.heartbeat();
        assertThat(stored().holder()).as("another holder: written at once").isEqualTo("agent-1");
        assertThat(stored().attached()).containsExactly("198.51.100.12");
    }

    @Test
    void aRestartAfterThePreviousDeadlineHoldsNothingUntilItRenews() {
        api.apply(AgentLeases.toLease(
                "stickyip-system",
                new AgentReport(
                        "w1", "agent-0", T0, Duration.ofSeconds(40), 3, new TreeSet<>(Set.of("198.51.100.12")))));
        clock.advance(Duration.ofSeconds(31));
        lease.adopt();
        assertThat(fence.mayHold(clock.instant())).isFalse();
        assertThat(lease.claimed())
                .as("claims are kept: they may still be live until the sweep")
                .containsExactly("198.51.100.12");
    }
}
