package io.stickyip.core.contract;

import java.util.Objects;

/**
 * Bad input in a user's object: names the annotation (or field), the value and the rule, so a
 * denial reads {@code stickyip.io/ip: 10.0.0.300 is not an IP address}.
 */
public final class ContractViolation extends Exception {
    private final String field;
    private final String value;
    private final String rule;

    public ContractViolation(String field, String value, String rule) {
        this(field, value, rule, field + ": " + shown(value) + " " + rule);
    }

    /** A blank value would vanish from the message ({@code stickyip.io/ip:  is ...}); quote it. */
    private static String shown(String value) {
        return value != null && value.isBlank() ? '"' + value + '"' : value;
    }

    /** For rules that read better in their own words, e.g. {@code namespace dev may not use pool public-eu}. */
    public ContractViolation(String field, String value, String rule, String message) {
        super(message);
        this.field = Objects.requireNonNull(field);
        this.value = Objects.requireNonNull(value);
        this.rule = Objects.requireNonNull(rule);
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String rule() {
        return rule;
    }
}
