package io.stickyip.certs.rotate;

import io.stickyip.certs.CertsException;

/** Rotation cannot go ahead, e.g. there are no names to put in a new certificate. */
public final class RotationException extends CertsException {
    public RotationException(String message) {
        super(message);
    }
}
