package io.stickyip.store.nodes;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Node addresses in the store (the node-address controller's reservations), each call one
 * transaction guarded on what was read: one address, one holder; one address per node and pool.
 */
public interface NodeAddressStore {

    /** Every node address reservation, read at one revision. */
    CompletionStage<List<NodeAddressReservation.Stored>> nodeAddresses();

    /** Reserves the address for the node if neither the address nor the node (in this pool) is reserved; empty if either is. */
    CompletionStage<Optional<NodeAddressReservation.Stored>> reserveNodeAddress(NodeAddressReservation reservation);

    /** Frees it if it is still exactly as read; false (nothing deleted) if it changed since. */
    CompletionStage<Boolean> releaseNodeAddress(NodeAddressReservation.Stored stored);
}
