package io.stickyip.certs.testing;

import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.issue.SubjectNames;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Certificates for tests, issued now by a real issuer. */
public final class TestPki {
    public static final SubjectNames WEBHOOK_NAMES = SubjectNames.parse(
            SubjectNames.serviceDnsNames("stickyip-webhook", "stickyip-system"), List.of("127.0.0.1"));

    private final CertificateIssuer issuer;

    public TestPki(Clock clock) {
        this.issuer = new CertificateIssuer(clock, new SecureRandom());
    }

    public TestPki() {
        this(Clock.systemUTC());
    }

    public CertificateIssuer issuer() {
        return issuer;
    }

    public KeyedCertificate ca(Duration validity) {
        return issuer.issueCa(validity);
    }

    public IssuedCertificates issue(Duration caValidity, Duration servingValidity) {
        KeyedCertificate ca = ca(caValidity);
        return new IssuedCertificates(ca, issuer.issueServing(ca, WEBHOOK_NAMES, servingValidity));
    }

    public IssuedCertificates renew(IssuedCertificates current, Duration servingValidity) {
        return new IssuedCertificates(current.ca(), issuer.issueServing(current.ca(), WEBHOOK_NAMES, servingValidity));
    }
}
