package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.agent.cri.PodSandboxes;
import io.stickyip.agent.netns.DataPlane;
import io.stickyip.agent.netns.NodeSweep;
import io.stickyip.agent.netns.PodLeftovers;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.intent.PodIntent;
import io.stickyip.core.intent.ReservationCheck;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.pool.PoolCatalog;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What touches the node: the data plane, the runtime's sandboxes, the clean-up of leftovers; and the node's
 * facts the requests need.
 *
 * @param node         this node's name
 * @param lanInterface the node's LAN interface
 * @param keepOnEth0   the cluster's pod and service CIDRs
 * @param cloud        the cloud side of pod-level aws pools, when the agent has a cloud client and the node an EC2 instance
 * @param trust        what a pod's reservation is checked against: the webhook's public keys, and this node's Node as
 *                     the informer holds it now
 */
public record NodePlumbing(
        String node,
        String lanInterface,
        List<IpPrefix> keepOnEth0,
        DataPlane dataPlane,
        PodSandboxes sandboxes,
        Cleanup cleanup,
        Optional<CloudPlumbing> cloud,
        Trusted trust) {

    /** The keys, and a way to this node's Node (read at each check: labels and addresses may change). */
    public record Trusted(SealKeys keys, Supplier<Optional<Node>> self) {
        ReservationCheck.Trust now() {
            return new ReservationCheck.Trust(keys, self.get());
        }
    }

    /** Removing what a pod left when its plan is not known: in its sandboxes, and proxies on the node. */
    public record Cleanup(PodLeftovers leftovers, NodeSweep proxies) {}

    public NodePlumbing {
        keepOnEth0 = List.copyOf(keepOnEth0);
    }

    /** What this node's agent should do about the pod ({@link PodIntent#of}). */
    public PodIntent intent(Pod pod, PoolCatalog catalog) {
        return PodIntent.of(pod, node, trust.now(), catalog, keepOnEth0, cloud.isPresent());
    }
}
