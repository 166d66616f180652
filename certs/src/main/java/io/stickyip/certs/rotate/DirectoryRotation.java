package io.stickyip.certs.rotate;

import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.store.CertificateDirectory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;

/**
 * Applies the {@link RotationRule} to a certificate directory: reads what is there, decides,
 * issues and writes. The CA is kept whenever the rule allows, so the {@code caBundle} that
 * clients trust survives a serving certificate renewal.
 */
public final class DirectoryRotation {
    private final CertificateIssuer issuer;
    private final RotationPolicy policy;
    private final RotationRule rule;
    private final Clock clock;

    public DirectoryRotation(CertificateIssuer issuer, RotationPolicy policy, Clock clock) {
        this.issuer = issuer;
        this.policy = policy;
        this.rule = new RotationRule(policy);
        this.clock = clock;
    }

    /**
     * @param requested names for the serving certificate; empty keeps the current names
     * @param force renew the serving certificate even if it is fine (the CA is still kept)
     */
    public RotationOutcome rotate(CertificateDirectory directory, Optional<SubjectNames> requested, boolean force) {
        InPlace inPlace = InPlace.read(directory);
        RotationDecision decision = rule.decide(inPlace.facts(), requested, force, clock.instant());
        Optional<IssuedCertificates> issued = switch (decision) {
            case RotationDecision.Keep keep -> Optional.empty();
            case RotationDecision.RenewServing renew ->
                Optional.of(serving(inPlace.ca().orElseThrow(), renew.names()));
            case RotationDecision.ReissueAll reissue ->
                Optional.of(serving(issuer.issueCa(policy.validity().ca()), reissue.names()));
        };
        issued.ifPresent(directory::write);
        return new RotationOutcome(decision, issued.map(IssuedCertificates::bundle));
    }

    private IssuedCertificates serving(KeyedCertificate ca, SubjectNames names) {
        return new IssuedCertificates(
                ca, issuer.issueServing(ca, names, policy.validity().serving()));
    }

    /** The CA with its key, if the directory has it, and the facts the rule decides on. */
    private record InPlace(Optional<KeyedCertificate> ca, CurrentCertificates facts) {
        static InPlace read(CertificateDirectory directory) {
            Optional<KeyedCertificate> ca = directory.readCa();
            Optional<X509Certificate> caCertificate =
                    ca.map(KeyedCertificate::certificate).or(directory::readCaCertificate);
            Optional<X509Certificate> serving =
                    directory.hasBundle() ? Optional.of(directory.read().servingCertificate()) : Optional.empty();
            return new InPlace(ca, CurrentCertificates.inspect(caCertificate, ca.isPresent(), serving));
        }
    }
}
