package io.stickyip.core.cloud.aws;

import java.util.List;
import java.util.Map;

/**
 * The next thing to do about one Elastic IP, decided from what the cloud shows now. Either one
 * EC2 call ({@link #mutating()}), after which the executor reads the state back and asks again, or
 * a final answer. Because every decision is made from the cloud's state alone (the binding tag is
 * the write-ahead record), an executor killed after any call and started again from scratch
 * continues where the first stopped.
 */
public sealed interface CloudStep {

    /** Whether this step is an EC2 call (false: nothing left to do, for now or for good). */
    default boolean mutating() {
        return true;
    }

    /** CreateTags on the EIP (sets or overwrites these keys). */
    record Tag(String allocationId, Map<String, String> tags) implements CloudStep {
        public Tag {
            tags = Map.copyOf(tags);
        }
    }

    /** DeleteTags on the EIP. */
    record Untag(String allocationId, List<String> keys) implements CloudStep {
        public Untag {
            keys = List.copyOf(keys);
        }
    }

    /** AssociateAddress with AllowReassociation=false: fails if anyone holds the EIP meanwhile. */
    record Associate(String allocationId, Binding binding) implements CloudStep {}

    /** DisassociateAddress. */
    record Disassociate(String allocationId, String associationId, Binding from) implements CloudStep {}

    /** AssignPrivateIpAddresses of exactly this address on this ENI. */
    record AssignPrivateIp(String networkInterfaceId, String privateIp) implements CloudStep {}

    /** UnassignPrivateIpAddresses of this address from this ENI. */
    record UnassignPrivateIp(String networkInterfaceId, String privateIp) implements CloudStep {}

    /** Associated where wanted, and read back so. */
    record Done(Binding binding) implements CloudStep {
        @Override
        public boolean mutating() {
            return false;
        }
    }

    /** Nothing of ours left on the EIP. */
    record Released(String allocationId) implements CloudStep {
        @Override
        public boolean mutating() {
            return false;
        }
    }

    /** Not done, and doing it is not safe or not possible; {@code reason} says why, for the Event. */
    record Refused(Reason reason, String detail) implements CloudStep {
        @Override
        public boolean mutating() {
            return false;
        }
    }

    enum Reason {
        /** the EIP no longer exists (released in the account) */
        VANISHED,
        /** associated with a private address stickyip never bound it to: someone else's use, never taken over */
        HELD_ELSEWHERE,
        /** the EIP is still bound on another node and this caller does not hold the address's fence */
        FENCED,
        /** no free private address in the node's subnet for the secondary IP */
        SUBNET_FULL
    }
}
