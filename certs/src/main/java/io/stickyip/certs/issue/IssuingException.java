package io.stickyip.certs.issue;

import io.stickyip.certs.CertsException;

/** The JDK or BouncyCastle refused to make a key or sign a certificate. */
public final class IssuingException extends CertsException {
    public IssuingException(String message, Throwable cause) {
        super(message, cause);
    }
}
