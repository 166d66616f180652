package io.stickyip.agent.fence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.stickyip.core.fencing.AddressFence;
import io.stickyip.core.fencing.FenceTiming;
import io.stickyip.core.fencing.SelfFence;
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

class PeerLeasesTest {
    static final FenceTiming T =
            new FenceTiming(Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofSeconds(10));
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final String A = "198.51.100.10";

    final ManualClock clock = new ManualClock(T0);
    final AtomicInteger changes = new AtomicInteger();
    final PeerLeases peers = new PeerLeases("w0", new AddressFence(T), clock, changes::incrementAndGet);

    static Lease lease(String node, String version, Set<String> attached) {
        Lease l = AgentLeases.toLease(
                "stickyip-system",
                new AgentReport(node, "agent", T0, Duration.ofSeconds(40), 3, new TreeSet<>(attached)));
        return new LeaseBuilder(l)
                .editMetadata()
                .withResourceVersion(version)
                .endMetadata()
                .build();
    }

    SelfFence fresh() {
        SelfFence own = new SelfFence(T);
        own.renewed(clock.instant());
        return own;
    }

    @Test
    void waitsForAHolderThatIsAliveAndTakesOnceItReleased() {
        peers.onAdd(lease("w1", "1", Set.of(A)));
        assertThat(peers.decide(A, fresh()))
                .isEqualTo(new AddressFence.Decision.WaitForRelease("w1", T0.plusSeconds(50)));
        peers.onUpdate(null, lease("w1", "2", Set.of()));
        assertThat(peers.decide(A, fresh())).isEqualTo(new AddressFence.Decision.Take());
        assertThat(changes).hasValue(2);
    }

    @Test
    void aDeletedLeaseIsNotAReleaseItsAddressesWaitAWholeLeasePlusTheMargin() {
        peers.onAdd(lease("w1", "1", Set.of(A)));
        clock.advance(Duration.ofSeconds(30));
        peers.onDelete(lease("w1", "1", Set.of(A)), false);
        assertThat(peers.decide(A, fresh()))
                .isEqualTo(new AddressFence.Decision.WaitForRelease("w1", T0.plusSeconds(30 + 50)));
        clock.advance(Duration.ofSeconds(50));
        assertThat(peers.decide(A, fresh())).isEqualTo(new AddressFence.Decision.Take());
    }

    @Test
    void aLeaseMissingFromAConsistentReadCountsAsDeleted() {
        peers.onAdd(lease("w1", "1", Set.of(A)));
        clock.advance(Duration.ofSeconds(45));
        peers.refresh(List.of(lease("w3", "7", Set.of())));
        clock.advance(Duration.ofSeconds(10));
        assertThat(peers.decide(A, fresh()))
                .as("silent 55 s, but gone only 10 s ago")
                .isInstanceOf(AddressFence.Decision.WaitForRelease.class);
    }

    @Test
    void anUnreadableLeaseReleasesNothing() {
        peers.onAdd(lease("w1", "1", Set.of(A)));
        Lease garbled = new LeaseBuilder(lease("w1", "2", Set.of()))
                .editMetadata()
                .addToAnnotations(AgentLeases.ATTACHED, "not-an-address")
                .endMetadata()
                .build();
        peers.onUpdate(null, garbled);
        assertThat(peers.listedElsewhere(A)).isTrue();
        assertThat(peers.decide(A, fresh())).isInstanceOf(AddressFence.Decision.WaitForRelease.class);
    }

    @Test
    void aNodeWhoseNameSortsAfterTheHoldersYieldsAndKnowsWhenTheHolderExpires() {
        PeerLeases later = new PeerLeases("w9", new AddressFence(T), clock, () -> {});
        later.onAdd(lease("w1", "1", Set.of(A)));
        assertThat(later.decide(A, fresh())).isEqualTo(new AddressFence.Decision.Yield("w1"));
        assertThat(later.takeableAt("w1")).contains(T0.plusSeconds(50));
    }

    @Test
    void itsOwnLeaseIsIgnored() {
        peers.onAdd(lease("w0", "1", Set.of(A)));
        assertThat(changes).hasValue(0);
        assertThat(peers.decide(A, fresh())).isEqualTo(new AddressFence.Decision.Take());
    }
}
