package io.stickyip.certs.issue;

import io.stickyip.certs.CertsException;

/** Text that should hold a PEM certificate or private key does not. */
public final class PemFormatException extends CertsException {
    public PemFormatException(String message) {
        super(message);
    }

    public PemFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
