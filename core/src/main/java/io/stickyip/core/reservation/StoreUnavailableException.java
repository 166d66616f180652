package io.stickyip.core.reservation;

/** The reservation store could not be reached or did not answer in time; nothing was written. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
