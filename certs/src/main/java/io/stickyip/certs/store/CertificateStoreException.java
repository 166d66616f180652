package io.stickyip.certs.store;

import io.stickyip.certs.CertsException;

/** A certificate directory or file is missing or cannot be read or written. */
public final class CertificateStoreException extends CertsException {
    public CertificateStoreException(String message) {
        super(message);
    }

    public CertificateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
