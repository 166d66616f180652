package io.stickyip.core.fencing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The per-node heartbeat object (docs/fencing.md): a {@code coordination.k8s.io/v1} Lease named
 * {@code stickyip-node-<node>} in the agents' namespace, {@code spec.holderIdentity} the node,
 * {@code spec.leaseDurationSeconds} the fence lease, {@code spec.renewTime} renewed every half lease, and these
 * annotations, rewritten only when they change. The extender reads the same object (alive, capacity, attached).
 */
public final class NodeLeaseFormat {
    private NodeLeaseFormat() { }

    public static final String NAME_PREFIX = "stickyip-node-";
    /** Addresses the node holds or has claimed, comma-separated, sorted. */
    public static final String ATTACHED = "stickyip.io/attached";
    /** How many more pod addresses the node can carry. */
    public static final String CAPACITY = "stickyip.io/capacity";

    public static String leaseName(String node) {
        return NAME_PREFIX + node;
    }

    public static Map<String, String> annotations(Set<String> attached, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " is negative");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ATTACHED, String.join(",", new TreeSet<>(attached)));
        out.put(CAPACITY, String.valueOf(capacity));
        return out;
    }

    /** The heartbeat of a node's Lease: its node from the holder identity, its version, its attached addresses. */
    public static NodeHeartbeat heartbeat(String holderIdentity, String resourceVersion, Map<String, String> annotations) {
        String attached = annotations == null ? null : annotations.get(ATTACHED);
        Set<String> set = attached == null || attached.isBlank() ? Set.of()
                : Arrays.stream(attached.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new NodeHeartbeat(holderIdentity, resourceVersion, set);
    }
}
