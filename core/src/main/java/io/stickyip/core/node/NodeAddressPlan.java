package io.stickyip.core.node;

import io.stickyip.core.provider.NodeCandidate;
import java.util.List;

/**
 * What the node-pool controller should do for one pool: {@link #assignments} to reserve (in etcd,
 * then onto the Node), {@link #waiting} nodes that get nothing yet (Warning Event, pool status),
 * {@link #releases} of nodes that are gone.
 *
 * @param <C> the provider's candidate type (an Elastic IP, a routed address)
 */
public record NodeAddressPlan<C extends NodeCandidate>(
        List<Assignment<C>> assignments, List<String> waiting, List<Release> releases, int free) {

    public enum Why {
        /** the node already holds it (a restarted agent or controller keeps the node's address) */
        KEPT,
        /** the candidate's last node is this node: the address it had before, e.g. a node recreated under its name */
        PREFERRED,
        /** the first free address in the pool's order */
        NEXT_FREE
    }

    public record Assignment<C extends NodeCandidate>(String node, C address, Why why) {
        public boolean isNew() {
            return why != Why.KEPT;
        }
    }

    /** @param id the released candidate's {@link NodeCandidate#id()} */
    public record Release(String node, String id) {}

    public NodeAddressPlan {
        assignments = List.copyOf(assignments);
        waiting = List.copyOf(waiting);
        releases = List.copyOf(releases);
    }

    public List<Assignment<C>> newAssignments() {
        return assignments.stream().filter(Assignment::isNew).toList();
    }
}
