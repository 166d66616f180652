package io.stickyip.core.cloud.aws;

import java.util.List;

/**
 * What the node-pool controller should do for one pool: {@link #assignments} to reserve (in etcd,
 * then onto the Node), {@link #waiting} nodes that get nothing yet (Warning Event, pool status),
 * {@link #releases} of nodes that are gone.
 */
public record NodeAddressPlan(List<Assignment> assignments, List<String> waiting, List<Release> releases, int free) {

    public enum Why {
        /** the node already holds it (a restarted agent or controller keeps the node's address) */
        KEPT,
        /** the address's last-node tag names this node: the address it had before, e.g. a node recreated under its name */
        PREFERRED,
        /** the first free address in the pool's order */
        NEXT_FREE
    }

    public record Assignment(String node, ElasticIp address, Why why) {
        public boolean isNew() {
            return why != Why.KEPT;
        }
    }

    public record Release(String node, String allocationId) {
    }

    public NodeAddressPlan {
        assignments = List.copyOf(assignments);
        waiting = List.copyOf(waiting);
        releases = List.copyOf(releases);
    }

    public List<Assignment> newAssignments() {
        return assignments.stream().filter(Assignment::isNew).toList();
    }
}
