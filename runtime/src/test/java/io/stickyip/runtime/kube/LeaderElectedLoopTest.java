package io.stickyip.runtime.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaderElectedLoopTest {
    static final Duration INTERVAL = Duration.ofMillis(100);
    KubernetesClient client;

    /** Before the mock server stops: its shutdown waits for the client's pooled connections. */
    @AfterEach
    void closeClient() {
        client.close();
    }

    static io.stickyip.runtime.kube.Lease lease(String identity) {
        return new io.stickyip.runtime.kube.Lease(
                "stickyip-system",
                "test-leader",
                identity,
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofMillis(200));
    }

    static LoopTask counting(AtomicInteger runs) {
        return new LoopTask() {
            @Override
            public String name() {
                return "count";
            }

            @Override
            public void runOnce() {
                runs.incrementAndGet();
            }
        };
    }

    @Test
    void oneReplicaAtATimeRunsTheTasksUnderTheNamedLease() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        LeaderElectedLoop first = new LeaderElectedLoop(client, lease("a"), List.of(counting(a)), INTERVAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get() >= 3);
        try (LeaderElectedLoop second = new LeaderElectedLoop(client, lease("b"), List.of(counting(b)), INTERVAL)) {
            int before = a.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.get() >= before + 10);
            assertThat(b).hasValue(0);
            Lease stored = client.leases()
                    .inNamespace("stickyip-system")
                    .withName("test-leader")
                    .get();
            assertThat(stored.getSpec().getHolderIdentity()).isEqualTo("a");

            first.close(); // releases the lease

            await().atMost(Duration.ofSeconds(10)).until(() -> b.get() >= 3);
            int stopped = a.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.get() >= 10);
            assertThat(a).hasValue(stopped);
        }
    }

    @Test
    void roundsUnderOneLeaseRunEachAtItsOwnInterval() {
        AtomicInteger slow = new AtomicInteger();
        AtomicInteger fast = new AtomicInteger();
        try (LeaderElectedLoop loop = new LeaderElectedLoop(
                client,
                lease("a"),
                List.of(
                        new LeaderElectedLoop.Rounds(List.of(counting(slow)), Duration.ofHours(1)),
                        new LeaderElectedLoop.Rounds(List.of(counting(fast)), INTERVAL)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fast.get() >= 5);
            assertThat(slow).as("its first round comes after its own interval").hasValue(0);
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        AtomicInteger runs = new AtomicInteger();
        LoopTask failing = new LoopTask() {
            @Override
            public String name() {
                return "fails";
            }

            @Override
            public void runOnce() throws Exception {
                throw new java.io.IOException("API down");
            }
        };
        try (LeaderElectedLoop loop =
                new LeaderElectedLoop(client, lease("a"), List.of(failing, counting(runs)), INTERVAL)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        }
    }
}
