package io.stickyip.testing.etcd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a client needs to reach a test etcd that serves TLS and demands client certificates: the CA
 * that signed etcd's serving certificate, and a client certificate with its key (PEM files). The
 * store's own {@code EtcdTls} takes the same three paths; this module knows nothing of the store.
 *
 * @param caFile   PEM CA certificate to verify etcd with
 * @param certFile PEM client certificate
 * @param keyFile  PEM (PKCS#8) private key of the client certificate
 */
public record EtcdClientTls(Path caFile, Path certFile, Path keyFile) {
    public EtcdClientTls {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
