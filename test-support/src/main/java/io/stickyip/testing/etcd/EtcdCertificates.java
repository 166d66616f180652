package io.stickyip.testing.etcd;

import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.store.CertificateDirectory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Certificates for a test etcd, issued by the certs module as {@code stickyip-certs generate} and
 * {@code client} issue them for the local cluster: a CA, etcd's serving certificate for 127.0.0.1
 * ({@code server/}), and the webhook's client certificate ({@code client/}).
 */
public final class EtcdCertificates {
    static final String SERVER_CERT = "server/tls.crt";
    static final String SERVER_KEY = "server/tls.key";

    private EtcdCertificates() { }

    /** Writes {@code dir/ca.crt}, {@code dir/server/*} and {@code dir/client/*}; the client side as {@link EtcdClientTls}. */
    public static EtcdClientTls issue(Path dir) {
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
        KeyedCertificate ca = issuer.issueCa(Duration.ofDays(30));
        KeyedCertificate server = issuer.issueServing(ca, SubjectNames.parse(List.of("localhost"), List.of("127.0.0.1")), Duration.ofDays(7));
        new CertificateDirectory(dir.resolve("server")).write(new IssuedCertificates(ca, server).bundle());
        new CertificateDirectory(dir).writeCa(ca);
        EtcdClientTls client = client(dir.resolve("client"), ca, issuer);
        return new EtcdClientTls(dir.resolve("ca.crt"), client.certFile(), client.keyFile());
    }

    /** A client certificate from a CA of its own: etcd must refuse it. */
    public static EtcdClientTls foreignClient(Path dir, EtcdClientTls genuine) {
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
        EtcdClientTls foreign = client(dir, issuer.issueCa(Duration.ofDays(30)), issuer);
        return new EtcdClientTls(genuine.caFile(), foreign.certFile(), foreign.keyFile());
    }

    private static EtcdClientTls client(Path dir, KeyedCertificate ca, CertificateIssuer issuer) {
        KeyedCertificate client = issuer.issueClient(ca, "stickyip-webhook", List.of(), Duration.ofDays(7));
        new CertificateDirectory(dir).write(new IssuedCertificates(ca, client).bundle());
        return new EtcdClientTls(dir.resolve("ca.crt"), dir.resolve("tls.crt"), dir.resolve("tls.key"));
    }
}
