package io.stickyip.aws.testing;

import java.time.Duration;
import java.util.Set;

/**
 * One rule of {@link FaultyEc2}: which requests it hits (by EC2 {@code Action}; none named: every action), what it
 * does to them, how many times ({@link #times}; unlimited by default) and with what probability ({@link #probability},
 * drawn from the proxy's seeded random, so a run is repeatable).
 *
 * @param kind what it does
 * @param actions the actions it hits; for {@link Kind#LAG}, the writes that open a lag window
 * @param hold how long {@link Kind#TIMEOUT} and {@link Kind#LOST_RESPONSE} hold the request (past the client's
 *     attempt timeout); for {@link Kind#LAG}, how long the window lasts
 * @param lagReads for {@link Kind#LAG}: the window also ends after this many stale answers
 * @param lagging for {@link Kind#LAG}: the Describe* actions answered stale (empty: all of them)
 */
public record Ec2Fault(
        Kind kind,
        Set<String> actions,
        int times,
        double probability,
        Duration hold,
        int lagReads,
        Set<String> lagging) {

    public enum Kind {
        /** HTTP 503 with EC2's {@code RequestLimitExceeded} error body; the request does not reach moto. */
        THROTTLE,
        /** HTTP 500 with EC2's {@code InternalError} error body; the request does not reach moto. */
        INTERNAL_ERROR,
        /** Held for {@code hold}, then the connection is closed unanswered; the request does not reach moto. */
        TIMEOUT,
        /** Forwarded to moto (its effect is made), then the answer is held for {@code hold} and never sent. */
        LOST_RESPONSE,
        /** Forwarded; then Describe* calls are answered from the responses seen before it, for a while. */
        LAG
    }

    /** The actions stickyip's steps mutate with (the writes a {@link Kind#LAG} window follows by default). */
    public static final Set<String> WRITES = Set.of(
            "AssociateAddress",
            "DisassociateAddress",
            "AssignPrivateIpAddresses",
            "UnassignPrivateIpAddresses",
            "CreateTags",
            "DeleteTags");

    public Ec2Fault {
        actions = Set.copyOf(actions);
        lagging = Set.copyOf(lagging);
        if (probability <= 0 || probability > 1) {
            throw new IllegalArgumentException("probability " + probability + " is not in (0, 1]");
        }
    }

    public static Ec2Fault throttle(String... actions) {
        return new Ec2Fault(Kind.THROTTLE, Set.of(actions), -1, 1, Duration.ZERO, 0, Set.of());
    }

    public static Ec2Fault internalError(String... actions) {
        return new Ec2Fault(Kind.INTERNAL_ERROR, Set.of(actions), -1, 1, Duration.ZERO, 0, Set.of());
    }

    /** The request is held past {@code hold} and never reaches moto (the client's attempt times out). */
    public static Ec2Fault timeout(Duration hold, String... actions) {
        return new Ec2Fault(Kind.TIMEOUT, Set.of(actions), -1, 1, hold, 0, Set.of());
    }

    /** The request reaches moto and takes effect; its answer is held past {@code hold} and lost. */
    public static Ec2Fault lostResponse(Duration hold, String... actions) {
        return new Ec2Fault(Kind.LOST_RESPONSE, Set.of(actions), -1, 1, hold, 0, Set.of());
    }

    /**
     * After each of these writes (none named: {@link #WRITES}), Describe* calls are answered with what moto answered
     * to the same request before the write, for {@code window} or {@code reads} stale answers, whichever ends first.
     */
    public static Ec2Fault lag(Duration window, int reads, String... writes) {
        return new Ec2Fault(Kind.LAG, writes.length == 0 ? WRITES : Set.of(writes), -1, 1, window, reads, Set.of());
    }

    /** At most n times. */
    public Ec2Fault times(int n) {
        return new Ec2Fault(kind, actions, n, probability, hold, lagReads, lagging);
    }

    /** Each matching request with probability p (the proxy's seeded random). */
    public Ec2Fault probability(double p) {
        return new Ec2Fault(kind, actions, times, p, hold, lagReads, lagging);
    }

    /**
     * A lag of these reads only (the others answered fresh): EC2's resources are consistent each on its own, so one
     * read may show a write that another does not yet.
     */
    public Ec2Fault onlyReads(String... reads) {
        return new Ec2Fault(kind, actions, times, probability, hold, lagReads, Set.of(reads));
    }

    boolean hits(String action) {
        return actions.isEmpty() || actions.contains(action);
    }
}
