package io.stickyip.runtime.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on one replica at a time, chosen with a Kubernetes {@link Lease} (fabric8's leader
 * elector, renewed well within the lease's duration). Losing the lease stops them at once; a failing
 * task is logged and retried next round, the others still run. Closing releases the lease. Tasks
 * come in {@link Rounds}, each on its own thread at its own interval, all under the one Lease.
 */
public final class LeaderElectedLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElectedLoop.class);

    private final List<TaskLoop> loops;
    private final CompletableFuture<?> election;

    /** Tasks run one after the other every {@code interval}. */
    public record Rounds(List<LoopTask> tasks, Duration interval) {
        public Rounds {
            tasks = List.copyOf(tasks);
        }
    }

    public LeaderElectedLoop(KubernetesClient client, Lease lease, List<LoopTask> tasks, Duration interval) {
        this(client, lease, List.of(new Rounds(tasks, interval)));
    }

    public LeaderElectedLoop(KubernetesClient client, Lease lease, List<Rounds> rounds) {
        List<TaskLoop> loops = new java.util.ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            loops.add(new TaskLoop(
                    lease.name() + "-leader" + (i == 0 ? "" : "-" + i),
                    rounds.get(i).tasks(),
                    rounds.get(i).interval()));
        }
        this.loops = List.copyOf(loops);
        this.election = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(lease.name())
                        .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                        .withLeaseDuration(lease.duration())
                        .withRenewDeadline(lease.renewDeadline())
                        .withRetryPeriod(lease.retry())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                this::lead,
                                this::follow,
                                leader -> LOG.info("leader is {} lease={}", leader, lease.name())))
                        .build())
                .build()
                .start();
    }

    private void lead() {
        for (TaskLoop loop : loops) {
            LOG.info("leadership acquired; running {} every {}", loop.taskNames(), loop.interval());
            loop.start();
        }
    }

    private void follow() {
        LOG.info("leadership lost; leader tasks stopped");
        loops.forEach(TaskLoop::stop);
    }

    /** A round of every task now, if this replica leads (e.g. a watched object changed); see {@link TaskLoop#poke()}. */
    public void poke() {
        loops.forEach(TaskLoop::poke);
    }

    @Override
    public void close() {
        election.cancel(true);
        loops.forEach(TaskLoop::close);
    }
}
