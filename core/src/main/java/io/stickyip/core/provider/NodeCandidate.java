package io.stickyip.core.provider;

import java.util.Comparator;
import java.util.Optional;

/**
 * One address a node pool may give a node, as its provider lists it ({@link AddressProvider#nodeCandidates()}):
 * an Elastic IP for {@code aws} ({@code io.stickyip.core.cloud.aws.ElasticIp}), a pool address routed to the
 * node for {@code static} ({@link RoutedAddress}). What the node planner decides on, and nothing more: the
 * provider's own facts (associations, tags) stay in its own type.
 */
public interface NodeCandidate {

    /** The order by {@link #id()}: the planner's tie-break, and a routed pool's whole order. */
    Comparator<NodeCandidate> BY_ID = Comparator.comparing(NodeCandidate::id);

    /** The candidate's ID in the store's node-address keys (an allocation ID, {@code static-<address>}). */
    String id();

    /** The address a node gets (canonical text). */
    String address();

    /** Bound to something outside the store's knowledge (an EIP associated elsewhere): never free. */
    boolean boundElsewhere();

    /** The node this address served last, if the provider recorded it (the node gets it back first). */
    Optional<String> lastNode();
}
