package io.stickyip.extender.wire;

/** A verb's body that cannot be read as the upstream type; the server answers HTTP 400 with the message. */
public final class MalformedCallException extends Exception {
    public MalformedCallException(String message) {
        super(message);
    }
}
