package io.stickyip.extender.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.extender.scheduling.CandidateNode;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Node as a filter call reads it: its placement facts (labels, zone, InternalIPs, read once
 * per change) together with its agent's Lease, which {@link AgentIndex} keeps current here.
 */
public final class NodeIndex implements ResourceEventHandler<Node> {
    private final ConcurrentHashMap<String, CandidateNode> nodes = new ConcurrentHashMap<>();
    private final AgentIndex agents;

    public NodeIndex(AgentIndex agents) {
        this.agents = agents;
        agents.onChange(this::agentChanged);
    }

    @Override
    public void onAdd(Node node) {
        NodeFacts facts = NodeFacts.of(node);
        // compute: serialised with agentChanged for this node, so neither update is lost
        nodes.compute(
                facts.name(),
                (name, old) -> new CandidateNode(facts, agents.get(name).orElse(null)));
    }

    /** The node's agent Lease changed (or went): the node's entry carries the current one. */
    void agentChanged(String node) {
        nodes.computeIfPresent(
                node, (name, old) -> old.withAgent(agents.get(name).orElse(null)));
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
