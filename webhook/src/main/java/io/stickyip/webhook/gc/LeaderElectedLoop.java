package io.stickyip.webhook.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the leader's tasks (reservation garbage collection, pool status) on one webhook replica at
 * a time, chosen with a Kubernetes Lease (renewed at well under its duration). Losing the lease
 * stops them at once; a failing task is logged and retried next round, the others still run.
 */
public final class LeaderElectedLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElectedLoop.class);
    static final Duration LEASE = Duration.ofSeconds(15);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    static final Duration RETRY = Duration.ofSeconds(2);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stickyip-leader");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<?> election;
    private volatile ScheduledFuture<?> loop;

    public LeaderElectedLoop(KubernetesClient client, String namespace, String identity,
                             List<LeaderTask> tasks, Duration interval) {
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("stickyip-webhook-gc")
                .withLock(new LeaseLock(namespace, "stickyip-webhook-gc", identity))
                .withLeaseDuration(LEASE).withRenewDeadline(RENEW_DEADLINE).withRetryPeriod(RETRY)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> start(tasks, interval),
                        this::stop,
                        leader -> LOG.info("leader is {}", leader)))
                .build()).build();
        this.election = elector.start();
    }

    private void start(List<LeaderTask> tasks, Duration interval) {
        LOG.info("leadership acquired; running {} every {}", tasks.stream().map(LeaderTask::name).toList(), interval);
        loop = executor.scheduleWithFixedDelay(() -> {
            for (LeaderTask task : tasks) {
                try {
                    task.runOnce();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warn("{} pass failed error=\"{}\"", task.name(), e.toString());
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stop() {
        LOG.info("leadership lost; leader tasks stopped");
        ScheduledFuture<?> l = loop;
        if (l != null) {
            l.cancel(false);
        }
    }

    @Override
    public void close() {
        election.cancel(true);
        stop();
        executor.shutdownNow();
    }
}
