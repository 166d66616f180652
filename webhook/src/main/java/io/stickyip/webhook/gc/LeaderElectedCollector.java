package io.stickyip.webhook.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@link ReservationCollector} on one webhook replica at a time, chosen with a
 * Kubernetes Lease (renewed at well under its duration). Losing the lease stops collection at once.
 */
public final class LeaderElectedCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElectedCollector.class);
    static final Duration LEASE = Duration.ofSeconds(15);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    static final Duration RETRY = Duration.ofSeconds(2);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stickyip-gc");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<?> election;
    private volatile ScheduledFuture<?> loop;

    public LeaderElectedCollector(KubernetesClient client, String namespace, String identity,
                                  ReservationCollector collector, Duration interval, Duration callTimeout) {
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("stickyip-webhook-gc")
                .withLock(new LeaseLock(namespace, "stickyip-webhook-gc", identity))
                .withLeaseDuration(LEASE).withRenewDeadline(RENEW_DEADLINE).withRetryPeriod(RETRY)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> start(collector, interval, callTimeout),
                        this::stop,
                        leader -> LOG.info("gc leader is {}", leader)))
                .build()).build();
        this.election = elector.start();
    }

    private void start(ReservationCollector collector, Duration interval, Duration callTimeout) {
        LOG.info("gc leadership acquired; collecting every {}", interval);
        loop = executor.scheduleWithFixedDelay(() -> {
            try {
                collector.collectOnce(callTimeout.toMillis() * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("gc pass failed, nothing released error=\"{}\"", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stop() {
        LOG.info("gc leadership lost; collection stopped");
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
