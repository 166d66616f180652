package io.stickyip.certs.cli;

import io.stickyip.certs.issue.CertificateIssuer;
import java.security.SecureRandom;
import java.time.Clock;

/** What the commands need from outside: the time, an issuer, and a way to reach a cluster. */
public record CliContext(Clock clock, CertificateIssuer issuer, KubernetesConnector kubernetes) {
    public static CliContext system() {
        Clock clock = Clock.systemUTC();
        return new CliContext(clock, new CertificateIssuer(clock, new SecureRandom()), KubernetesConnector.fabric8());
    }
}
