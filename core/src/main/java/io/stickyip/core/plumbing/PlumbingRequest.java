package io.stickyip.core.plumbing;

import java.util.List;
import java.util.Objects;

/**
 * What the planner needs to put a pod's fixed addresses live.
 *
 * @param podId            stable id of the pod (its UID): names the node-side interfaces
 * @param pod              the pod sandbox's network namespace
 * @param node             the node's namespace (the agent's own on a real node: {@link Netns#host()})
 * @param lanInterface     the node's interface on the LAN the addresses belong to (proxies, announcements,
 *                         default master)
 * @param attachments      one per pool the pod holds addresses from
 * @param clusterAddresses the pod's own cluster (CNI) addresses on eth0, whose replies stay on eth0
 */
public record PlumbingRequest(
        String podId,
        Netns pod,
        Netns node,
        String lanInterface,
        List<PodAttachment> attachments,
        List<IpPrefix> clusterAddresses) {
    public PlumbingRequest {
        Objects.requireNonNull(podId, "podId");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
        attachments = List.copyOf(attachments);
        clusterAddresses = List.copyOf(clusterAddresses);
    }
}
