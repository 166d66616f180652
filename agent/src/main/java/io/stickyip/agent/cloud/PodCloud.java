package io.stickyip.agent.cloud;

import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.CloudStep;
import java.util.List;
import java.util.Optional;

/**
 * What the agent asks of the cloud for pod-level public addresses. Blocking (EC2 calls): call it from a worker,
 * never the event loop. A call EC2 did not answer (after the SDK's retries) throws {@link CloudUnavailable}; every
 * operation is decided from the cloud's state alone, so repeating it after a failure or a restart is safe.
 */
public interface PodCloud {

    /**
     * Makes the address live on the instance's primary ENI (secondary private IP, EIP associated to it,
     * {@code AllowReassociation=false}, read back): {@code Done(binding)}, or {@code Refused} with the reason.
     *
     * @param fenced whether the caller holds the address's fence: only then is a binding on another node undone
     */
    CloudStep bind(CloudAddress address, String instanceId, boolean fenced);

    /**
     * Releases the address (disassociate, unassign the secondary IP, drop our tags) if its binding is on this
     * instance's primary ENI or nowhere; a binding on another node (the workload moved on) is left alone.
     */
    CloudStep release(CloudAddress address, String instanceId);

    /** The pool's EIPs this cluster holds for a pod (our cluster, pool and owner tags), for the sweep. */
    List<Held> held(String pool, AddressFilter filter);

    /** The instance's primary ENI (DescribeInstances; cached: it does not change while the instance lives). */
    String primaryEni(String instanceId);

    /** How many pod addresses the instance can take: the type's per-ENI limit, less what others put on it; at most {@code atMost}. */
    int capacity(String instanceId, int atMost);

    /** An EIP held for a pod: its public IP, the slot (owner tag) and the ENI its binding names, if any. */
    record Held(String publicIp, String owner, Optional<String> eni) {}

    /** EC2 did not answer, or refused a call in a way that is not a state of the address. */
    final class CloudUnavailable extends RuntimeException {
        public CloudUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
