package io.stickyip.extender.scheduling;

import io.stickyip.core.node.AgentLeases;
import io.stickyip.core.placement.Fit;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.placement.NodeFit;

/**
 * A node as the view holds it, everything a filter call reads about it in one object: its
 * placement facts, its agent's Lease (read), and the fit of the last pool asked about, kept until
 * the node or its agent changes (the view then holds a new one). A call over 500 nodes is bound by
 * memory latency, not arithmetic: one object per node, reached by one lookup, keeps it short.
 */
public final class CandidateNode {
    private record Memo(NodeFit fit, Fit result) {}

    private final NodeFacts facts;
    private final AgentLeases.Read agent;
    private final long agentExpiresAtMillis;
    private volatile Memo memo;

    /**
     * @param facts the node's placement facts
     * @param agent its agent's Lease, read, or null when it has none
     */
    public CandidateNode(NodeFacts facts, AgentLeases.Read agent) {
        this(facts, agent, null);
    }

    private CandidateNode(NodeFacts facts, AgentLeases.Read agent, Memo memo) {
        this.facts = facts;
        this.agent = agent;
        this.agentExpiresAtMillis = agent instanceof AgentLeases.Read.Ok ok
                ? ok.report().expiresAt().toEpochMilli()
                : Long.MIN_VALUE;
        this.memo = memo;
    }

    /** The same node with its agent's new Lease (placement facts and the fit memo carried over). */
    public CandidateNode withAgent(AgentLeases.Read read) {
        return new CandidateNode(facts, read, memo);
    }

    public NodeFacts facts() {
        return facts;
    }

    public String name() {
        return facts.name();
    }

    /** The agent's Lease, read; null when the node has none. */
    public AgentLeases.Read agent() {
        return agent;
    }

    /** Whether the agent's heartbeat counts at {@code nowMillis} ({@code AgentReport.aliveAt}, without allocating). */
    public boolean agentAliveAt(long nowMillis) {
        return nowMillis < agentExpiresAtMillis;
    }

    /** {@code fit.check(facts())}, remembered for the last pool fit asked about (the same answer: both are immutable). */
    public Fit fit(NodeFit fit) {
        Memo m = memo;
        if (m != null && m.fit() == fit) {
            return m.result();
        }
        Fit computed = fit.check(facts);
        memo = new Memo(fit, computed); // a lost race only forgets a memo
        return computed;
    }
}
