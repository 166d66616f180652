package io.stickyip.aws;

import io.stickyip.aws.testing.Ec2Fault;
import io.stickyip.aws.testing.FaultyEc2;
import java.time.Duration;
import java.util.List;

/**
 * The EC2 faults the *UnderFaultsIT tests drive the node-level and pod-level paths through, each a few rules of
 * {@link FaultyEc2}. The client under test runs with short timeouts ({@link FaultRun#SETTINGS}): an attempt gives up
 * after {@link FaultRun#ATTEMPT_TIMEOUT}, a held request is held {@link FaultRun#HOLD}.
 */
enum FaultCase {
    /** The first two writes and the first DescribeAddresses answered RequestLimitExceeded (503). */
    THROTTLING(List.of(
            Ec2Fault.throttle(Ec2Fault.WRITES.toArray(String[]::new)).times(2),
            Ec2Fault.throttle("DescribeAddresses").times(1))),
    /** A third of all requests answered InternalError (500), from the proxy's seeded random. */
    SERVER_ERRORS(List.of(Ec2Fault.internalError().probability(0.3))),
    /**
     * The first write held past the attempt timeout and dropped, the next two made in moto with their answers lost (the
     * SDK sends them again: the case where a retry meets its own earlier effect).
     */
    TIMEOUTS(List.of(
            Ec2Fault.timeout(FaultRun.HOLD, Ec2Fault.WRITES.toArray(String[]::new))
                    .times(1),
            Ec2Fault.lostResponse(FaultRun.HOLD, Ec2Fault.WRITES.toArray(String[]::new))
                    .times(2))),
    /** After every write, Describe* answers from before it for 200 ms (EC2's eventual consistency, made visible). */
    LAGGING_READS(List.of(Ec2Fault.lag(Duration.ofMillis(200), 100)));

    final List<Ec2Fault> rules;

    FaultCase(List<Ec2Fault> rules) {
        this.rules = rules;
    }

    void injectInto(FaultyEc2 proxy) {
        rules.forEach(proxy::inject);
    }
}
