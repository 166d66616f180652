package io.stickyip.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.stickyip.agent.cloud.InstanceIds;
import io.stickyip.agent.cloud.PodCloud;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many pod addresses a node carries: {@code STICKYIP_NODE_CAPACITY}, or less on a node with an EC2 instance
 * when the agent has a cloud client: the instance type's per-ENI address limit (DescribeInstanceTypes) less the
 * primary address and the secondary addresses others put there ({@code PodAddressCapacity}). Looked up once per
 * node (a type does not change while the instance lives); a lookup that fails is tried again next time.
 */
public final class NodeCapacity {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCapacity.class);

    private final Optional<PodCloud> cloud;
    private final int configured;
    private final Map<String, Integer> known = new ConcurrentHashMap<>();

    public NodeCapacity(Optional<PodCloud> cloud, int configured) {
        this.cloud = cloud;
        this.configured = configured;
    }

    /** The node's capacity, and whether it comes from its instance (a cloud limit) rather than the setting. */
    public record Capacity(int value, boolean fromCloud) {}

    public Capacity of(Node node) {
        Optional<String> instance = InstanceIds.of(node);
        if (cloud.isEmpty() || instance.isEmpty()) {
            return new Capacity(configured, false);
        }
        String name = node.getMetadata().getName();
        Integer k = known.get(name);
        if (k != null) {
            return new Capacity(k, true);
        }
        try {
            int c = cloud.get().capacity(instance.get(), configured);
            known.put(name, c);
            LOG.info(
                    "node capacity from its instance node={} instance={} capacity={} (setting {})",
                    name,
                    instance.get(),
                    c,
                    configured);
            return new Capacity(c, true);
        } catch (PodCloud.CloudUnavailable e) {
            LOG.warn(
                    "node capacity not looked up node={} instance={} error=\"{}\": {} for now",
                    name,
                    instance.get(),
                    e.getMessage(),
                    configured);
            return new Capacity(configured, false);
        }
    }

    public void forget(String node) {
        known.remove(node);
    }
}
