package io.stickyip.agent.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stickyip.agent.TestAgentEnv;
import io.stickyip.agent.fence.LeaseApi;
import io.stickyip.core.node.AgentLeases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in's Lease writes: every served node's Lease in one round, several in flight at once, a failed one again next round. */
class StandInLeasesTest {
    private final SlowLeases api = new SlowLeases();
    private final StandInLeases leases = new StandInLeases(
            api, StandInConfig.fromEnv(TestAgentEnv.of(Map.of())).agent(), Clock.systemUTC(), n -> 4);

    @AfterEach
    void close() {
        leases.close();
    }

    @Test
    void oneRoundWritesEveryNodesLeaseWithSeveralInFlightButNoMoreThanTheBound() {
        List<Node> nodes = nodes(200);

        leases.heartbeat(nodes, Map.of());

        assertThat(api.written).hasSize(200);
        assertThat(leases.writes()).isEqualTo(200);
        assertThat(api.mostAtOnce.get()).as("writes in flight at once").isBetween(2, StandInLeases.WRITERS);
    }

    @Test
    void aFailedWriteIsTriedAgainNextRoundAndTheWrittenOnesAreNotDueYet() {
        List<Node> nodes = nodes(20);
        api.failing.add(AgentLeases.name("kwok-node-7"));

        leases.heartbeat(nodes, Map.of());
        assertThat(leases.writes()).isEqualTo(19);

        api.failing.clear();
        leases.heartbeat(nodes, Map.of());

        assertThat(leases.writes()).as("only the failed one was due again").isEqualTo(20);
        assertThat(api.written).containsKey(AgentLeases.name("kwok-node-7"));
    }

    private static List<Node> nodes(int n) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(new NodeBuilder()
                    .withNewMetadata()
                    .withName("kwok-node-" + i)
                    .endMetadata()
                    .build());
        }
        return nodes;
    }

    /** A Lease API whose writes take 5 ms each, counting how many run at once. */
    private static final class SlowLeases implements LeaseApi {
        final Map<String, Lease> written = new ConcurrentHashMap<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public Optional<Lease> get(String name) {
            return Optional.ofNullable(written.get(name));
        }

        @Override
        public Lease apply(Lease lease) {
            int now = inFlight.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
                if (failing.contains(lease.getMetadata().getName())) {
                    throw new KubernetesClientException("the API server is busy");
                }
                written.put(lease.getMetadata().getName(), lease);
                return lease;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesClientException("interrupted");
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public List<Lease> listAll() {
            return List.copyOf(written.values());
        }

        @Override
        public void delete(String name) {
            written.remove(name);
        }
    }
}
