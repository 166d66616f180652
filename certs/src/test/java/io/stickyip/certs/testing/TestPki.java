package io.stickyip.certs.testing;

import io.stickyip.certs.issue.CertificateBundle;
import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.issue.Pem;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.store.CertificateDirectory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The tests' one PKI: certificates issued now (or at a clock's time) by the certs module's real issuer, written
 * where a server or client reads them, and the TLS clients that trust them.
 */
public final class TestPki {
    public static final SubjectNames WEBHOOK_NAMES = SubjectNames.parse(
            SubjectNames.serviceDnsNames("stickyip-webhook", "stickyip-system"), List.of("127.0.0.1"));
    /** What a test server on loopback is called: {@code localhost} and {@code 127.0.0.1}. */
    public static final SubjectNames LOOPBACK = SubjectNames.parse(List.of("localhost"), List.of("127.0.0.1"));
    /** How long a client certificate of the tests lives. */
    public static final Duration CLIENT_VALIDITY = Duration.ofDays(7);

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

    /** A new CA and the webhook's serving certificate ({@link #WEBHOOK_NAMES}). */
    public IssuedCertificates issue(Duration caValidity, Duration servingValidity) {
        KeyedCertificate ca = ca(caValidity);
        return new IssuedCertificates(ca, issuer.issueServing(ca, WEBHOOK_NAMES, servingValidity));
    }

    public IssuedCertificates renew(IssuedCertificates current, Duration servingValidity) {
        return new IssuedCertificates(current.ca(), issuer.issueServing(current.ca(), WEBHOOK_NAMES, servingValidity));
    }

    /** A new CA and a serving certificate for {@link #LOOPBACK}. */
    public IssuedCertificates loopback(Duration caValidity, Duration servingValidity) {
        KeyedCertificate ca = ca(caValidity);
        return new IssuedCertificates(ca, issuer.issueServing(ca, LOOPBACK, servingValidity));
    }

    /**
     * {@link #loopback} written to {@code dir} as a server reads it ({@code ca.key}, {@code ca.crt}, {@code tls.key},
     * {@code tls.crt}).
     */
    public IssuedCertificates writeLoopback(Path dir, Duration caValidity, Duration servingValidity) {
        IssuedCertificates issued = loopback(caValidity, servingValidity);
        new CertificateDirectory(dir).write(issued);
        return issued;
    }

    /**
     * A client certificate for {@code commonName} signed by {@code ca}, valid {@link #CLIENT_VALIDITY}, written to
     * {@code dir} as {@code stickyip-certs client} writes it ({@code ca.crt}, {@code tls.crt}, {@code tls.key}).
     */
    public KeyedCertificate writeClient(Path dir, KeyedCertificate ca, String commonName) {
        KeyedCertificate client = issuer.issueClient(ca, commonName, List.of(), CLIENT_VALIDITY);
        new CertificateDirectory(dir).write(new IssuedCertificates(ca, client).bundle());
        return client;
    }

    /**
     * A TLS context that trusts only the CA in {@code caFile} and, when {@code clientDir} is given, presents the
     * client certificate there ({@code tls.crt}, {@code tls.key}).
     */
    public static SSLContext trusting(Path caFile, Optional<Path> clientDir) {
        return clientDir
                .map(d ->
                        presenting(caFile, d.resolve(CertificateBundle.TLS_CERT), d.resolve(CertificateBundle.TLS_KEY)))
                .orElseGet(() -> context(caFile, null, "trusting " + caFile));
    }

    /** A TLS context that trusts only the CA in {@code caFile} and presents the client certificate {@code cert}/{@code key} (PEM). */
    public static SSLContext presenting(Path caFile, Path cert, Path key) {
        KeyManager[] keys;
        try {
            KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
            identity.load(null, null);
            identity.setKeyEntry("client", Pem.privateKey(Files.readString(key)), new char[0], new Certificate[] {
                Pem.certificate(Files.readString(cert))
            });
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, new char[0]);
            keys = kmf.getKeyManagers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot present the client certificate " + cert, e);
        }
        return context(caFile, keys, "trusting " + caFile + " and presenting " + cert);
    }

    private static SSLContext context(Path caFile, KeyManager[] keys, String what) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                trust.setCertificateEntry(
                        "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys, tmf.getTrustManagers(), null);
            return ssl;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS context " + what, e);
        }
    }

    /** An HTTPS client (5 s connect timeout) that trusts only the CA in {@code caFile} (hostname checked). */
    public static HttpClient httpsClient(Path caFile) {
        return HttpClient.newBuilder()
                .sslContext(trusting(caFile, Optional.empty()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
