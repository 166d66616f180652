package io.stickyip.certs.rotate;

import io.stickyip.certs.issue.Validity;
import java.util.Objects;

/**
 * How long new certificates live, and when a serving certificate is renewed: once less than
 * {@code renewWhenLeft} of its lifetime is left (default one third, as cert-manager does).
 */
public record RotationPolicy(Validity validity, Fraction renewWhenLeft) {
    public static final RotationPolicy DEFAULT = new RotationPolicy(Validity.DEFAULT, Fraction.ONE_THIRD);

    public RotationPolicy {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(renewWhenLeft, "renewWhenLeft");
    }
}
