package io.stickyip.runtime.kube;

import java.time.Duration;

/**
 * A {@code coordination.k8s.io} Lease for leader election.
 *
 * @param namespace where the Lease lives
 * @param name      the Lease's name (one per leader-elected loop, e.g. {@code stickyip-webhook-gc})
 * @param identity  this replica's identity, unique among the candidates
 * @param duration  how long a leader holds it without renewing
 * @param renewDeadline how long the leader keeps trying to renew before giving up
 * @param retry     how often candidates try to acquire it
 */
public record Lease(
        String namespace, String name, String identity, Duration duration, Duration renewDeadline, Duration retry) {
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);

    /** 15 s lease, renewed within 10 s, tried every 2 s. */
    public static Lease of(String namespace, String name, String identity) {
        return new Lease(namespace, name, identity, DEFAULT_DURATION, DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY);
    }
}
