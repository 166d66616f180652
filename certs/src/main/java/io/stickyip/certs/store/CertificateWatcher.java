package io.stickyip.certs.store;

import io.stickyip.certs.CertsException;
import io.stickyip.certs.issue.CertificateBundle;
import java.util.Optional;

/**
 * Tells a server when the certificate files in a directory changed, for hot reload. Call
 * {@link #poll()} on a timer, off the event loop (it reads files); the first poll reports the
 * current files as {@link Reload.Changed}. Only a bundle that parsed and checked counts as
 * loaded, so a half-written set is retried on the next poll.
 */
public final class CertificateWatcher {
    private final CertificateDirectory directory;
    private Fingerprint loaded;

    public CertificateWatcher(CertificateDirectory directory) {
        this.directory = directory;
    }

    public synchronized Reload poll() {
        try {
            Fingerprint current = directory.fingerprint();
            if (current.equals(loaded)) {
                return new Reload.Unchanged(current);
            }
            CertificateBundle bundle = directory.read();
            loaded = Fingerprint.of(bundle);
            return new Reload.Changed(bundle, loaded);
        } catch (CertsException e) {
            return new Reload.Failed(e);
        }
    }

    /** The fingerprint of the bundle last reported as changed, if any. */
    public synchronized Optional<Fingerprint> loaded() {
        return Optional.ofNullable(loaded);
    }
}
