package io.stickyip.core.contract;

import java.util.Objects;

/**
 * One broken rule of a user's object: the annotation (or field), the value and the rule, and the
 * sentence a denial shows ({@code stickyip.io/ip: 10.0.0.300 is not an IP address}).
 */
public record FieldError(String field, String value, String rule, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    public static FieldError of(ContractViolation violation) {
        return new FieldError(violation.field(), violation.value(), violation.rule(), violation.getMessage());
    }

    /** The error as the checked exception the older checks throw. */
    public ContractViolation violation() {
        return new ContractViolation(field, value, rule, message);
    }
}
