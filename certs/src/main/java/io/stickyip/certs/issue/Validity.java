package io.stickyip.certs.issue;

import java.time.Duration;
import java.util.Objects;

/** How long newly issued certificates live. */
public record Validity(Duration ca, Duration serving) {
    public static final Duration DEFAULT_CA = Duration.ofDays(3650);
    public static final Duration DEFAULT_SERVING = Duration.ofDays(365);
    public static final Validity DEFAULT = new Validity(DEFAULT_CA, DEFAULT_SERVING);

    public Validity {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(serving, "serving");
        if (ca.isNegative() || ca.isZero() || serving.isNegative() || serving.isZero()) {
            throw new IllegalArgumentException("validity must be positive: CA " + ca + ", serving " + serving);
        }
    }

    public static Validity ofDays(long caDays, long servingDays) {
        return new Validity(Duration.ofDays(caDays), Duration.ofDays(servingDays));
    }
}
