package io.stickyip.runtime.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs tasks on one replica at a time, chosen with a Kubernetes {@link Lease} (fabric8's leader
 * elector, renewed well within the lease's duration). Losing the lease stops them at once; a failing
 * task is logged and retried next round, the others still run. Closing releases the lease.
 */
public final class LeaderElectedLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElectedLoop.class);

    private final TaskLoop loop;
    private final CompletableFuture<?> election;

    public LeaderElectedLoop(KubernetesClient client, Lease lease, List<LoopTask> tasks, Duration interval) {
        this.loop = new TaskLoop(lease.name() + "-leader", tasks, interval);
        this.election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(lease.name())
                .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                .withLeaseDuration(lease.duration()).withRenewDeadline(lease.renewDeadline()).withRetryPeriod(lease.retry())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::follow,
                        leader -> LOG.info("leader is {} lease={}", leader, lease.name())))
                .build()).build().start();
    }

    private void lead() {
        LOG.info("leadership acquired; running {} every {}", loop.taskNames(), loop.interval());
        loop.start();
    }

    private void follow() {
        LOG.info("leadership lost; leader tasks stopped");
        loop.stop();
    }

    /** A round now, if this replica leads (e.g. a watched object changed); see {@link TaskLoop#poke()}. */
    public void poke() {
        loop.poke();
    }

    @Override
    public void close() {
        election.cancel(true);
        loop.close();
    }
}
