package io.stickyip.extender.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.extender.scheduling.CandidateNode;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every Node's placement facts (labels, zone, InternalIPs), read once per change. */
public final class NodeIndex implements ResourceEventHandler<Node> {
    private final ConcurrentHashMap<String, CandidateNode> nodes = new ConcurrentHashMap<>();

    @Override
    public void onAdd(Node node) {
        nodes.put(node.getMetadata().getName(), new CandidateNode(NodeFacts.of(node)));
    }

    @Override
    public void onUpdate(Node oldNode, Node node) {
        onAdd(node);
    }

    @Override
    public void onDelete(Node node, boolean unknownFinalState) {
        nodes.remove(node.getMetadata().getName());
    }

    public Optional<CandidateNode> get(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    public int size() {
        return nodes.size();
    }
}
