package io.stickyip.extender.scheduling;

/** The filter's answer for one node. */
public sealed interface Verdict {
    Pass PASS = new Pass();

    /** Why a node fails, for messages and metrics. */
    enum Reason {
        UNKNOWN_NODE(false),
        NODE_SELECTOR(false),
        ZONE(false),
        SUBNET(false),
        NO_AGENT(false),
        AGENT_UNREADABLE(false),
        AGENT_NOT_ALIVE(false),
        NO_ROOM(true);

        private final boolean resolvable;

        Reason(boolean resolvable) {
            this.resolvable = resolvable;
        }

        /** False when preemption cannot cure it: the node goes to {@code FailedAndUnresolvableNodes}. */
        public boolean resolvable() {
            return resolvable;
        }
    }

    /** The pod's addresses can live on the node. */
    record Pass() implements Verdict {}

    /**
     * @param reason  the rule broken
     * @param message what kubectl describe shows: {@code stickyip: node w3 is in zone b, pool db-eu allows zone a}
     */
    record Fail(Reason reason, String message) implements Verdict {}
}
