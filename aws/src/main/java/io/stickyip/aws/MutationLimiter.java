package io.stickyip.aws;

import dev.failsafe.RateLimiter;
import java.time.Duration;

/**
 * Client-side bound on mutating EC2 calls (Failsafe's smooth rate limiter). EC2 throttles each
 * account and region with token buckets per action; mutating actions refill at about 5 tokens per
 * second ("Request throttling for the Amazon EC2 API", docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html),
 * and every agent of a cluster draws from that one budget, so each process stays well below it. The
 * SDK's adaptive retry mode handles the throttling that still happens (RequestLimitExceeded).
 */
public final class MutationLimiter {

    private final RateLimiter<Object> limiter;
    private final Duration maxWait;

    public MutationLimiter(double perSecond, Duration maxWait) {
        long periodNanos = (long) (1_000_000_000L / perSecond);
        this.limiter = RateLimiter.smoothBuilder(Duration.ofNanos(periodNanos)).build();
        this.maxWait = maxWait;
    }

    /** Waits for a permit; false when none came within the max wait (the caller fails the step). */
    public boolean acquire() throws InterruptedException {
        return limiter.tryAcquirePermit(maxWait);
    }
}
