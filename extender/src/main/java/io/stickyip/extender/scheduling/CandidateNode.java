package io.stickyip.extender.scheduling;

import io.stickyip.core.placement.Fit;
import io.stickyip.core.placement.NodeFacts;
import io.stickyip.core.placement.NodeFit;

/**
 * A node as the view holds it: its placement facts, and the fits of the last few pools asked
 * about, kept until the node changes (the view then holds a new one). A filter call over 500
 * nodes reads a remembered fit instead of walking labels and addresses again; the memo is a small
 * array in the node itself (a map per node cost a cache miss more per node than it saved).
 */
public final class CandidateNode {
    /** Remembered fits per node (a dual-stack pod asks about two pools). */
    static final int REMEMBERED = 4;

    private record Memo(NodeFit fit, Fit result) { }

    private final NodeFacts facts;
    private volatile Memo[] memos = new Memo[0];

    public CandidateNode(NodeFacts facts) {
        this.facts = facts;
    }

    public NodeFacts facts() {
        return facts;
    }

    public String name() {
        return facts.name();
    }

    /** {@code fit.check(facts())}, remembered for the last {@value #REMEMBERED} pool fits (the same answer: both are immutable). */
    public Fit fit(NodeFit fit) {
        Memo[] known = memos;
        for (Memo m : known) {
            if (m.fit() == fit) {
                return m.result();
            }
        }
        Fit computed = fit.check(facts);
        Memo[] next = new Memo[Math.min(REMEMBERED, known.length + 1)];
        next[0] = new Memo(fit, computed);
        System.arraycopy(known, 0, next, 1, next.length - 1);
        memos = next; // a lost race only forgets a memo
        return computed;
    }
}
