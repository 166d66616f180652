package io.stickyip.certs.issue;

import java.util.Objects;

/** A CA with its key and the serving certificate it signed: what rotation keeps on disk. */
public record IssuedCertificates(KeyedCertificate ca, KeyedCertificate serving) {
    public IssuedCertificates {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(serving, "serving");
    }

    /** The part a server and its clients need; leaves the CA key out. */
    public CertificateBundle bundle() {
        return new CertificateBundle(
                ca.certificatePem(), serving.certificatePem(), serving.privateKeyPem(), serving.notAfter());
    }
}
