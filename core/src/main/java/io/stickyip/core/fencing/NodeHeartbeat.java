package io.stickyip.core.fencing;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node's heartbeat as read from its agent Lease (docs/fencing.md, docs/node-agent-lease.md). {@code version}
 * is anything that changes with every write (the object's resourceVersion); {@code attached} lists the
 * addresses the node holds or has claimed.
 */
public record NodeHeartbeat(String node, String version, Set<String> attached) {
    public NodeHeartbeat {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(version, "version");
        attached = Set.copyOf(new TreeSet<>(attached));
    }
}
