package io.stickyip.certs.rotate;

import io.stickyip.certs.issue.SubjectNames;
import java.time.Duration;

/** What to do with the certificates in place. */
public sealed interface RotationDecision {
    /** A sentence for the reason, such as {@code 121 days left < 1/3 of 365}. */
    String reason();

    /** Nothing to do: the serving certificate has {@code left} to live. */
    record Keep(Duration left) implements RotationDecision {
        @Override
        public String reason() {
            return Days.of(left) + " left";
        }
    }

    /** Issue a new serving certificate for {@code names}, signed by the CA in place. */
    record RenewServing(SubjectNames names, String reason) implements RotationDecision {}

    /** Issue a new CA and a new serving certificate for {@code names}; the caBundle changes. */
    record ReissueAll(SubjectNames names, String reason) implements RotationDecision {}
}
