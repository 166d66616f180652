package io.stickyip.store.nodes;

import java.util.Objects;

/**
 * An Elastic IP reserved for one node by one node-level pool: the etcd keys {@code
 * node-addresses/eips/ALLOCATION_ID} (one holder per address) and {@code
 * node-addresses/nodes/POOL/NODE} (one address per node and pool), written and deleted together.
 */
public record NodeAddressReservation(String pool, String node, String allocationId, String publicIp) {

    public NodeAddressReservation {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(allocationId, "allocationId");
        Objects.requireNonNull(publicIp, "publicIp");
    }

    /** As read from etcd, with the mod_revision its release is guarded on. */
    public record Stored(NodeAddressReservation reservation, long revision) {}
}
