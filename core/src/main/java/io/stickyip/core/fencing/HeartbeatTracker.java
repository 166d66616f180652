package io.stickyip.core.fencing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one node has seen of the others' heartbeats. Expiry is measured on the observer's own clock from when
 * it first saw a heartbeat's current version (as client-go's leader election does), never from the timestamp
 * the holder wrote: clock skew between nodes then does not matter, only the clocks' rates.
 */
public final class HeartbeatTracker {

    /** The last version seen of a node's heartbeat and when (local time) it was first seen. */
    public record Observed(String node, String version, Set<String> attached, Instant seenAt) {
        public Observed {
            attached = Set.copyOf(attached);
        }
    }

    private final Map<String, Observed> nodes = new HashMap<>();

    /** Records a heartbeat read at {@code now}; the clock restarts only when its version changed. */
    public void observe(NodeHeartbeat hb, Instant now) {
        Objects.requireNonNull(now, "now");
        nodes.compute(
                hb.node(),
                (n, prev) -> prev != null && prev.version().equals(hb.version())
                        ? prev
                        : new Observed(hb.node(), hb.version(), hb.attached(), now));
    }

    /** The node's heartbeat object is gone (deleted with everything it listed released). */
    public void deleted(String node) {
        nodes.remove(node);
    }

    public Optional<Observed> get(String node) {
        return Optional.ofNullable(nodes.get(node));
    }

    public Map<String, Observed> all() {
        return Map.copyOf(nodes);
    }
}
