package io.stickyip.certs.cli.kube;

import io.stickyip.certs.issue.CertificateBundle;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Publishes a bundle to the cluster: the webhooks' {@code caBundle} first (trusting the new CA
 * and, during a CA change, the previous one), then the Secret the webhook pods mount. In that
 * order the API server trusts whichever certificate a pod serves at any moment. A missing
 * webhook configuration stops it before anything is written.
 */
public final class CertificatePublisher {
    private final TlsSecretStore secrets;
    private final CaBundlePatcher patcher;
    private final Clock clock;

    public CertificatePublisher(TlsSecretStore secrets, CaBundlePatcher patcher, Clock clock) {
        this.secrets = secrets;
        this.patcher = patcher;
        this.clock = clock;
    }

    public PublishReport publish(CertificateBundle bundle, SecretRef secret, List<WebhookTarget> webhooks) {
        Optional<String> previousCa = secrets.readCaCertPem(secret);
        CaBundle caBundle = CaBundle.during(bundle.caCertPem(), previousCa, clock.instant());
        List<CaBundlePatch> patches = patcher.patch(webhooks, caBundle);
        SecretWrite write = secrets.write(secret, bundle);
        return new PublishReport(secret, write, caBundle, patches);
    }

    /** What {@link #publish} did. */
    public record PublishReport(
            SecretRef secret, SecretWrite secretWrite, CaBundle caBundle, List<CaBundlePatch> patches) {
        public List<String> lines() {
            String trusted = caBundle.caCertPems().size() == 1 ? "" : " (trusting the new and the previous CA)";
            return Stream.concat(
                            patches.stream().map(p -> p.describe() + (p.changed() ? trusted : "")),
                            Stream.of(secretWrite.describe(secret)))
                    .toList();
        }
    }
}
