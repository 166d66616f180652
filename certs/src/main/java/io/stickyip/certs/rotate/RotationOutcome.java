package io.stickyip.certs.rotate;

import io.stickyip.certs.issue.CertificateBundle;
import java.util.Objects;
import java.util.Optional;

/** What a rotation did: the decision, and the bundle it wrote if it wrote one. */
public record RotationOutcome(RotationDecision decision, Optional<CertificateBundle> written) {
    public RotationOutcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(written, "written");
    }

    /** One line for a person: {@code renewed serving certificate: 121 days left < 1/3 of 365}. */
    public String summary() {
        return switch (decision) {
            case RotationDecision.Keep keep -> "kept: " + keep.reason();
            case RotationDecision.RenewServing renew -> "renewed serving certificate: " + renew.reason();
            case RotationDecision.ReissueAll reissue -> "issued a new CA and serving certificate: " + reissue.reason();
        };
    }
}
