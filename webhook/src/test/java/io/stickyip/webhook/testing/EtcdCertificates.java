package io.stickyip.webhook.testing;

import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.issue.SubjectNames;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.webhook.reservation.EtcdTls;

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

    /** Writes {@code dir/ca.crt}, {@code dir/server/*} and {@code dir/client/*}; the client side as {@link EtcdTls}. */
    public static EtcdTls issue(Path dir) {
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
        KeyedCertificate ca = issuer.issueCa(Duration.ofDays(30));
        KeyedCertificate server = issuer.issueServing(ca, SubjectNames.parse(List.of("localhost"), List.of("127.0.0.1")), Duration.ofDays(7));
        new CertificateDirectory(dir.resolve("server")).write(new IssuedCertificates(ca, server).bundle());
        new CertificateDirectory(dir).writeCa(ca);
        EtcdTls client = client(dir.resolve("client"), ca, issuer);
        return new EtcdTls(dir.resolve("ca.crt"), client.certFile(), client.keyFile());
    }

    /** A client certificate from a CA of its own: etcd must refuse it. */
    public static EtcdTls foreignClient(Path dir, EtcdTls genuine) {
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC(), new SecureRandom());
        EtcdTls foreign = client(dir, issuer.issueCa(Duration.ofDays(30)), issuer);
        return new EtcdTls(genuine.caFile(), foreign.certFile(), foreign.keyFile());
    }

    private static EtcdTls client(Path dir, KeyedCertificate ca, CertificateIssuer issuer) {
        KeyedCertificate client = issuer.issueClient(ca, "stickyip-webhook", List.of(), Duration.ofDays(7));
        new CertificateDirectory(dir).write(new IssuedCertificates(ca, client).bundle());
        return new EtcdTls(dir.resolve("ca.crt"), dir.resolve("tls.crt"), dir.resolve("tls.key"));
    }
}
