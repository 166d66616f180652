package io.stickyip.certs.store;

import io.stickyip.certs.CertsException;
import io.stickyip.certs.issue.CertificateBundle;

/** What {@link CertificateWatcher#poll()} found. */
public sealed interface Reload {
    /** The files are what was loaded last time. */
    record Unchanged(Fingerprint fingerprint) implements Reload {}

    /** The files changed (or were never loaded); here is the new bundle, already checked. */
    record Changed(CertificateBundle bundle, Fingerprint fingerprint) implements Reload {}

    /**
     * The files could not be loaded (missing, half-written, not PEM). Keep serving what you
     * have; the next poll tries again.
     */
    record Failed(CertsException error) implements Reload {}
}
