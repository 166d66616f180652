package io.stickyip.agent.pods;

import io.stickyip.agent.cri.PodSandboxes;
import io.stickyip.agent.netns.DataPlane;
import io.stickyip.agent.netns.NodeSweep;
import io.stickyip.agent.netns.PodLeftovers;
import io.stickyip.core.plumbing.IpPrefix;

import java.util.List;

/**
 * What touches the node: the data plane, the runtime's sandboxes, the clean-up of leftovers; and the node's
 * facts the requests need.
 *
 * @param node         this node's name
 * @param lanInterface the node's LAN interface
 * @param keepOnEth0   the cluster's pod and service CIDRs
 */
public record NodePlumbing(String node, String lanInterface, List<IpPrefix> keepOnEth0, DataPlane dataPlane,
                           PodSandboxes sandboxes, Cleanup cleanup) {

    /** Removing what a pod left when its plan is not known: in its sandboxes, and proxies on the node. */
    public record Cleanup(PodLeftovers leftovers, NodeSweep proxies) { }

    public NodePlumbing {
        keepOnEth0 = List.copyOf(keepOnEth0);
    }
}
