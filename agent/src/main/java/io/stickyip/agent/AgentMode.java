package io.stickyip.agent;

import java.util.Locale;

/** What the agent process does: a real node's data plane, or the stand-in for KWOK nodes. */
public enum AgentMode {
    /** Plumbs fixed addresses into the pods of its node, fenced, and heartbeats its node's Lease. */
    NODE,
    /** No data plane, no CRI: heartbeats the Leases of many KWOK nodes and sets the condition once a pod is bound. */
    STAND_IN;

    /** {@code node} or {@code stand-in}. */
    public static AgentMode parse(String text) {
        for (AgentMode m : values()) {
            if (m.wireName().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("is not node or stand-in");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
