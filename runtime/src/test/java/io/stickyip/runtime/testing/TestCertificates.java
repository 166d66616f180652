package io.stickyip.runtime.testing;

import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.store.CertificateDirectory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A CA and a serving certificate for 127.0.0.1 written by the certs module, and a client trusting that CA. */
public final class TestCertificates {
    private TestCertificates() { }

    public static IssuedCertificates issue(Path dir) {
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
        KeyedCertificate ca = issuer.issueCa(Duration.ofDays(30));
        IssuedCertificates issued = new IssuedCertificates(ca,
                issuer.issueServing(ca, SubjectNames.parse(List.of("localhost"), List.of("127.0.0.1")), Duration.ofDays(7)));
        new CertificateDirectory(dir).write(issued);
        return issued;
    }

    /** A client that trusts only the CA in {@code dir}'s {@code ca.crt} (hostname checked). */
    public static HttpClient trusting(Path dir) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("ca.crt")))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a client trusting " + dir, e);
        }
    }
}
