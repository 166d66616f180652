package io.stickyip.extender.scheduling;

import io.stickyip.extender.wire.HostPriority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The prioritize verb, pure: the node where one of the pod's addresses is attached now scores
 * {@link HostPriority#MAX_SCORE}, a node in the same zone as such a node {@link #SAME_ZONE}, any
 * other node {@link HostPriority#MIN_SCORE}; so a recreated pod does not move its address (a cloud
 * association, a route) needlessly.
 */
public final class NodeScorer {
    public static final long SAME_ZONE = 5;

    public List<HostPriority> score(PodClaims pod, List<String> nodes, SchedulingView view) {
        Set<String> holders = new HashSet<>();
        for (PodClaims.Claim claim : pod.claims()) {
            holders.addAll(view.holders(claim.address()));
        }
        Set<String> zones = new HashSet<>();
        for (String holder : holders) {
            view.node(holder).flatMap(n -> n.facts().zone()).ifPresent(zones::add);
        }
        List<HostPriority> scores = new ArrayList<>(nodes.size());
        for (String node : nodes) {
            scores.add(new HostPriority(node, score(node, holders, zones, view)));
        }
        return scores;
    }

    private static long score(String node, Set<String> holders, Set<String> zones, SchedulingView view) {
        if (holders.contains(node)) {
            return HostPriority.MAX_SCORE;
        }
        if (!zones.isEmpty()) {
            Optional<String> zone = view.node(node).flatMap(n -> n.facts().zone());
            if (zone.isPresent() && zones.contains(zone.get())) {
                return SAME_ZONE;
            }
        }
        return HostPriority.MIN_SCORE;
    }
}
