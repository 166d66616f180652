package io.stickyip.core.placement;

/** Whether a pool's addresses can live on a node: {@link Fits}, or a {@link Misfit} naming the rule. */
public sealed interface Fit {

    Fits FITS = new Fits();

    /** The pool's rule a node broke. */
    enum Rule {
        NODE_SELECTOR("nodeSelector"),
        ZONE("zones"),
        SUBNET("subnets");

        private final String field;

        Rule(String field) {
            this.field = field;
        }

        /** The IPPool spec field the rule comes from. */
        public String field() {
            return field;
        }
    }

    /** The node fits. */
    record Fits() implements Fit {}

    /**
     * The node does not fit.
     *
     * @param rule    which of the pool's rules it breaks
     * @param message why, naming node and pool: {@code node w3 is in zone b, pool db-eu allows zone a}
     */
    record Misfit(Rule rule, String message) implements Fit {}

    default boolean fits() {
        return this instanceof Fits;
    }
}
