package io.stickyip.certs;

/**
 * A certificate task could not be done for a reason a user can act on: a missing directory, a
 * file that is not PEM (and, in the CLI, a webhook configuration that does not exist). The
 * message says which and where; the CLI prints it without a stack trace.
 */
public class CertsException extends RuntimeException {
    public CertsException(String message) {
        super(message);
    }

    public CertsException(String message, Throwable cause) {
        super(message, cause);
    }
}
