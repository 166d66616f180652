package io.stickyip.certs.issue;

import io.stickyip.certs.CertsException;

/** A requested DNS name or IP address cannot go into a certificate. */
public final class InvalidSubjectNameException extends CertsException {
    public InvalidSubjectNameException(String value, String rule) {
        super(value + " " + rule);
    }
}
