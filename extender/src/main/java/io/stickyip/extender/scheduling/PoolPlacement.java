package io.stickyip.extender.scheduling;

import io.stickyip.core.placement.NodeFit;

/** A pool as the extender's view knows it. */
public sealed interface PoolPlacement {
    /** @param fit where its addresses can live */
    record Known(NodeFit fit) implements PoolPlacement {}

    /** @param reason why it cannot be used, naming field, value and rule */
    record Invalid(String reason) implements PoolPlacement {}

    /** No IPPool of that name is in the cache. */
    record Unknown() implements PoolPlacement {}
}
