package io.stickyip.testing.etcd;

import io.stickyip.certs.issue.IssuedCertificates;
import io.stickyip.certs.issue.KeyedCertificate;
import io.stickyip.certs.store.CertificateDirectory;
import io.stickyip.certs.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Certificates for a test etcd, issued by the tests' one PKI ({@link TestPki}) as {@code stickyip-certs generate} and
 * {@code client} issue them for the local cluster: a CA, etcd's serving certificate for 127.0.0.1
 * ({@code server/}), and the webhook's client certificate ({@code client/}).
 */
public final class EtcdCertificates {
    static final String SERVER_CERT = "server/tls.crt";
    static final String SERVER_KEY = "server/tls.key";

    static final Duration CA_VALIDITY = Duration.ofDays(30);
    static final Duration SERVING_VALIDITY = Duration.ofDays(7);

    private EtcdCertificates() {}

    /** Writes {@code dir/ca.crt}, {@code dir/server/*} and {@code dir/client/*}; the client side as {@link EtcdClientTls}. */
    public static EtcdClientTls issue(Path dir) {
        TestPki pki = new TestPki();
        IssuedCertificates server = pki.loopback(CA_VALIDITY, SERVING_VALIDITY);
        new CertificateDirectory(dir.resolve("server")).write(server.bundle());
        new CertificateDirectory(dir).writeCa(server.ca());
        EtcdClientTls client = client(dir.resolve("client"), server.ca(), pki);
        return new EtcdClientTls(dir.resolve("ca.crt"), client.certFile(), client.keyFile());
    }

    /** A client certificate from a CA of its own: etcd must refuse it. */
    public static EtcdClientTls foreignClient(Path dir, EtcdClientTls genuine) {
        TestPki pki = new TestPki();
        EtcdClientTls foreign = client(dir, pki.ca(CA_VALIDITY), pki);
        return new EtcdClientTls(genuine.caFile(), foreign.certFile(), foreign.keyFile());
    }

    private static EtcdClientTls client(Path dir, KeyedCertificate ca, TestPki pki) {
        pki.writeClient(dir, ca, "stickyip-webhook");
        return new EtcdClientTls(dir.resolve("ca.crt"), dir.resolve("tls.crt"), dir.resolve("tls.key"));
    }
}
