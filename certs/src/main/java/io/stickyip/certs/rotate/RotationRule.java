package io.stickyip.certs.rotate;

import io.stickyip.certs.issue.SubjectNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to renew, as a pure function of the certificates in place and the time.
 *
 * <ol>
 *   <li>The CA is replaced (and with it the serving certificate) when it is missing, expired,
 *       or would expire before a serving certificate issued now: a serving certificate can
 *       never outlive the CA it chains to.</li>
 *   <li>The serving certificate is renewed when it is missing, when renewal is forced, when the
 *       current CA did not sign it, when the requested names differ from its names, or when
 *       less than {@link RotationPolicy#renewWhenLeft()} of its lifetime is left.</li>
 *   <li>Renewing needs the CA's key; without it, both are reissued.</li>
 * </ol>
 */
public final class RotationRule {
    private final RotationPolicy policy;

    public RotationRule(RotationPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param requested the names the serving certificate should have; empty means "the names it
     *     has now"
     * @throws RotationException if a certificate must be issued and no names are known
     */
    public RotationDecision decide(
            CurrentCertificates current, Optional<SubjectNames> requested, boolean force, Instant now) {
        Optional<String> caProblem = caProblem(current.ca(), now);
        Optional<String> servingProblem = servingProblem(current, requested, force, now);
        if (caProblem.isPresent()) {
            return new RotationDecision.ReissueAll(names(current, requested), caProblem.get());
        }
        if (servingProblem.isEmpty()) {
            return new RotationDecision.Keep(current.serving().orElseThrow().left(now));
        }
        if (!current.ca().orElseThrow().hasKey()) {
            return new RotationDecision.ReissueAll(
                    names(current, requested), servingProblem.get() + "; no CA key to sign a new one");
        }
        return new RotationDecision.RenewServing(names(current, requested), servingProblem.get());
    }

    private Optional<String> caProblem(Optional<CurrentCertificates.Ca> ca, Instant now) {
        if (ca.isEmpty()) {
            return Optional.of("no CA certificate");
        }
        Duration left = Duration.between(now, ca.get().notAfter());
        if (left.isNegative() || left.isZero()) {
            return Optional.of("the CA expired " + Days.of(left.negated()) + " ago");
        }
        Duration serving = policy.validity().serving();
        if (left.compareTo(serving) < 0) {
            return Optional.of(
                    "the CA has " + Days.of(left) + " left, less than a new serving certificate's " + Days.of(serving));
        }
        return Optional.empty();
    }

    private Optional<String> servingProblem(
            CurrentCertificates current, Optional<SubjectNames> requested, boolean force, Instant now) {
        if (current.serving().isEmpty()) {
            return Optional.of("no serving certificate");
        }
        CurrentCertificates.Serving serving = current.serving().get();
        if (force) {
            return Optional.of("forced");
        }
        if (!serving.signedByCa()) {
            return Optional.of("not signed by the current CA");
        }
        if (requested.isPresent() && !requested.get().equals(serving.names())) {
            return Optional.of("names changed: " + requested.get().differenceFrom(serving.names()));
        }
        Duration left = serving.left(now);
        if (left.isNegative() || left.isZero()) {
            return Optional.of("expired " + Days.of(left.negated()) + " ago");
        }
        if (policy.renewWhenLeft().exceeds(left, serving.lifetime())) {
            return Optional.of(Days.of(left) + " left < " + policy.renewWhenLeft() + " of "
                    + serving.lifetime().toDays());
        }
        return Optional.empty();
    }

    private static SubjectNames names(CurrentCertificates current, Optional<SubjectNames> requested) {
        return requested
                .or(() -> current.serving()
                        .map(CurrentCertificates.Serving::names)
                        .filter(n -> !n.isEmpty()))
                .orElseThrow(
                        () -> new RotationException(
                                "no names for a new serving certificate: none requested and no current certificate to take them from"));
    }
}
