package io.stickyip.controller.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;

/**
 * Pokes the node-address controller when a Node appears, goes, or changes in what its pass decides on
 * ({@link NodeFacts}: labels, providerID, the address annotation, taints, the agent's conditions), so a new
 * node gets its address without waiting for the periodic pass; status heartbeats alone poke nothing.
 */
public final class NodeChanges implements ResourceEventHandler<Node> {
    private final Runnable poke;

    public NodeChanges(Runnable poke) {
        this.poke = poke;
    }

    @Override
    public void onAdd(Node node) {
        poke.run();
    }

    @Override
    public void onUpdate(Node before, Node after) {
        if (!Objects.equals(NodeFacts.of(before), NodeFacts.of(after))) {
            poke.run();
        }
    }

    @Override
    public void onDelete(Node node, boolean deletedFinalStateUnknown) {
        poke.run();
    }
}
