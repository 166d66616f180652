package io.stickyip.webhook.server;

import io.stickyip.certs.issue.CertificateIssuer;
import io.stickyip.certs.rotate.DirectoryRotation;
import io.stickyip.certs.rotate.RotationOutcome;
import io.stickyip.certs.rotate.RotationPolicy;
import io.stickyip.certs.store.CertificateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the serving certificate before it expires (the certs module's rule: below 1/3 of its
 * lifetime left), when the CA key is in the certificate directory. The server's hot reload then
 * serves the new certificate without a restart; the CA, and so the caBundle, stays the same.
 * Blocking (file I/O, key generation): call it from a worker thread.
 */
public final class CertificateRotator {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRotator.class);

    private final Path dir;
    private final DirectoryRotation rotation;

    public CertificateRotator(Path dir, Clock clock) {
        this.dir = dir;
        this.rotation =
                new DirectoryRotation(new CertificateIssuer(clock, new SecureRandom()), RotationPolicy.DEFAULT, clock);
    }

    /** True if this directory can be rotated here (its CA key is present). */
    public boolean enabled() {
        return Files.isReadable(dir.resolve(CertificateDirectory.CA_KEY));
    }

    /** One check; returns true if a new certificate was written. */
    public boolean rotateIfDue() {
        if (!enabled()) {
            return false;
        }
        try {
            RotationOutcome outcome = rotation.rotate(new CertificateDirectory(dir), Optional.empty(), false);
            if (outcome.written().isPresent()) {
                LOG.info("serving certificate renewed dir={} decision=\"{}\"", dir, outcome.summary());
                return true;
            }
            LOG.debug("serving certificate kept dir={} decision=\"{}\"", dir, outcome.summary());
            return false;
        } catch (RuntimeException e) {
            LOG.warn(
                    "serving certificate rotation failed, keeping the current one dir={} error=\"{}\"",
                    dir,
                    e.getMessage());
            return false;
        }
    }
}
