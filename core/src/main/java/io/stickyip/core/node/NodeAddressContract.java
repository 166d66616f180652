package io.stickyip.core.node;

/**
 * What the node-address controller and a node's agent tell each other on the Node object (node pools):
 * the controller writes the address ({@value #ADDRESS_ANNOTATION}) and the pool ({@value #POOL_LABEL});
 * for a {@code provider: static} pool the agent puts the address on the node and reports it with the Node
 * condition {@value #LIVE_CONDITION} (status True, message: the address, canonical text), after which
 * the controller removes the pool's taint.
 */
public final class NodeAddressContract {
    /** The node's address from its node pool (an Elastic IP's public address, or a static address). */
    public static final String ADDRESS_ANNOTATION = "stickyip.io/node-address";
    /** The node pool the node's address is from (select such nodes with a plain nodeSelector). */
    public static final String POOL_LABEL = "stickyip.io/node-pool";
    /** Static node pools: the agent says the address is on the node. */
    public static final String LIVE_CONDITION = "StickyipNodeAddressLive";

    private NodeAddressContract() {}
}
