package io.stickyip.extender.scheduling;

import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.node.AgentReport;
import io.stickyip.core.placement.Fit;
import io.stickyip.core.placement.NodeFit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The filter verb, pure: a node passes when every address of the pod can live there: each pool's
 * node selector, zones and subnets ({@link NodeFit}), the node's agent alive, and room for the
 * addresses not attached to the node already. Reasons are checked in that order; the first one a
 * node breaks is its verdict.
 */
public final class NodeFilter {
    static final String PREFIX = "stickyip: ";
    private final String leaseNamespace;

    /** @param leaseNamespace where agent Leases live, named in messages */
    public NodeFilter(String leaseNamespace) {
        this.leaseNamespace = leaseNamespace;
    }

    public FilterOutcome filter(PodClaims pod, List<String> nodes, SchedulingView view, Instant now) {
        if (pod.claims().isEmpty()) {
            return new FilterOutcome.Error(PREFIX + "pod " + pod.pod() + " holds no stickyip address");
        }
        List<NodeFit> fits = new ArrayList<>();
        for (String pool : pod.pools()) {
            switch (view.pool(pool)) {
                case PoolPlacement.Known known -> fits.add(known.fit());
                case PoolPlacement.Invalid invalid -> {
                    return new FilterOutcome.Error(
                            PREFIX + "pool " + pool + " of pod " + pod.pod() + " is invalid: " + invalid.reason());
                }
                case PoolPlacement.Unknown unknown -> {
                    return new FilterOutcome.Error(PREFIX + "pool " + pool + " of pod " + pod.pod()
                            + " is not known (no IPPool " + pool + ")");
                }
            }
        }
        Map<String, Verdict> verdicts = LinkedHashMap.newLinkedHashMap(nodes.size());
        for (String node : nodes) {
            verdicts.put(node, verdict(pod, node, fits, view, now));
        }
        return new FilterOutcome.Verdicts(verdicts);
    }

    private Verdict verdict(PodClaims pod, String name, List<NodeFit> fits, SchedulingView view, Instant now) {
        Optional<CandidateNode> node = view.node(name);
        if (node.isEmpty()) {
            return fail(Verdict.Reason.UNKNOWN_NODE, "node " + name + " is not in the extender's node cache");
        }
        for (NodeFit fit : fits) {
            if (node.get().fit(fit) instanceof Fit.Misfit misfit) {
                return fail(reason(misfit.rule()), misfit.message());
            }
        }
        AgentLeases.Read agent = node.get().agent();
        if (agent == null) {
            return fail(
                    Verdict.Reason.NO_AGENT,
                    "node " + name + " has no stickyip agent (no Lease " + leaseNamespace + "/" + AgentLeases.name(name)
                            + ")");
        }
        return switch (agent) {
            case AgentLeases.Read.Unreadable u ->
                fail(Verdict.Reason.AGENT_UNREADABLE, "node " + name + "'s agent " + u.reason());
            case AgentLeases.Read.Ok ok -> agentVerdict(pod, node.get(), ok.report(), view, now);
        };
    }

    private static Verdict agentVerdict(
            PodClaims pod, CandidateNode node, AgentReport report, SchedulingView view, Instant now) {
        String name = node.name();
        if (!node.agentAliveAt(now.toEpochMilli())) {
            long ago = Duration.between(report.renewTime(), now).toSeconds();
            return fail(
                    Verdict.Reason.AGENT_NOT_ALIVE,
                    "node " + name + "'s agent is not alive: its last heartbeat was " + ago
                            + "s ago, a heartbeat counts "
                            + report.leaseDuration().toSeconds() + "s");
        }
        int needed = 0;
        for (PodClaims.Claim c : pod.claims()) {
            if (!report.attached().contains(c.address())) {
                needed++;
            }
        }
        if (needed == 0) {
            return Verdict.PASS;
        }
        long room = Math.max(0, report.freeAddresses() - view.pendingAddresses(name, pod.uid(), report.attached()));
        if (needed > room) {
            return fail(
                    Verdict.Reason.NO_ROOM,
                    "node " + name + " has room for " + room + " more " + addresses(room) + ", pod " + pod.pod()
                            + " needs " + needed);
        }
        return Verdict.PASS;
    }

    private static String addresses(long n) {
        return n == 1 ? "address" : "addresses";
    }

    private static Verdict.Reason reason(Fit.Rule rule) {
        return switch (rule) {
            case NODE_SELECTOR -> Verdict.Reason.NODE_SELECTOR;
            case ZONE -> Verdict.Reason.ZONE;
            case SUBNET -> Verdict.Reason.SUBNET;
        };
    }

    private static Verdict fail(Verdict.Reason reason, String message) {
        return new Verdict.Fail(reason, PREFIX + message);
    }
}
