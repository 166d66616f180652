package io.stickyip.core.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code provider: static} node pool's candidate: one of the pool's own addresses, routed to the node (no
 * cloud binds it, so it is never bound elsewhere and records no last node).
 *
 * @param address the address, canonical text
 */
public record RoutedAddress(String address) implements NodeCandidate {
    /** Prefix of a routed address's ID in the store's node-address keys; persisted, never to change. */
    public static final String ID_PREFIX = "static-";

    public RoutedAddress {
        Objects.requireNonNull(address, "address");
    }

    /** {@code static-<address>}, as stored in etcd's node-address keys. */
    @Override
    public String id() {
        return ID_PREFIX + address;
    }

    @Override
    public boolean boundElsewhere() {
        return false;
    }

    @Override
    public Optional<String> lastNode() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return address;
    }
}
