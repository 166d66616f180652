package io.stickyip.store.claim;

import io.stickyip.core.reservation.StoreUnavailableException;

/**
 * A claim kept losing races for the same keys and gave up after a bounded number of attempts;
 * nothing was written (each lost transaction wrote nothing). A retry of the admission is safe.
 */
public final class ClaimContentionException extends StoreUnavailableException {
    public ClaimContentionException(String message) {
        super(message, null);
    }
}
