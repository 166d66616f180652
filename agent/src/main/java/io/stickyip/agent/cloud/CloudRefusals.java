package io.stickyip.agent.cloud;

import io.stickyip.core.cloud.aws.CloudStep;
import java.time.Duration;

/** How a cloud refusal is told on the pod (the condition's reason word) and when the agent looks again. */
public final class CloudRefusals {
    private CloudRefusals() {}

    /** The condition's and the Warning Event's reason. */
    public static String reason(CloudStep.Reason r) {
        return switch (r) {
            case HELD_ELSEWHERE -> "ElasticIpHeldElsewhere";
            case SUBNET_FULL -> "SubnetFull";
            case VANISHED -> "ElasticIpVanished";
            case FENCED -> "WaitingForRelease";
        };
    }

    /** A fence is given up soon; the others wait for someone to act (the pod's or the pool's next change also requeues). */
    public static Duration retryAfter(CloudStep.Reason r) {
        return r == CloudStep.Reason.FENCED ? Duration.ofSeconds(2) : Duration.ofSeconds(30);
    }

    public static String message(CloudAddress a, CloudStep.Refused r) {
        return "Elastic IP " + a.publicIp() + " of pool " + a.pool() + " not made live: " + r.reason() + ": "
                + r.detail();
    }
}
