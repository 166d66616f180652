package io.stickyip.certs.cli.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.stickyip.certs.CertsException;
import io.stickyip.certs.issue.CertificateBundle;
import java.util.Optional;

/**
 * Keeps a bundle in a {@code kubernetes.io/tls} Secret. An existing Secret is edited (fabric8
 * computes the patch): its other entries, labels and annotations stay.
 */
public final class TlsSecretStore {
    private final KubernetesClient client;

    public TlsSecretStore(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Creates or updates the Secret.
     *
     * @throws CertsException if a Secret of another type has the name (the type is immutable)
     */
    public SecretWrite write(SecretRef ref, CertificateBundle bundle) {
        Resource<Secret> resource = resource(ref);
        Secret existing = resource.get();
        if (existing == null) {
            resource.create(TlsSecrets.toSecret(ref, bundle));
            return SecretWrite.CREATED;
        }
        if (!TlsSecrets.TYPE.equals(existing.getType())) {
            throw new CertsException("secret " + ref + " has type " + existing.getType() + ", not " + TlsSecrets.TYPE
                    + "; a Secret's type cannot change, so delete it or choose another name");
        }
        if (TlsSecrets.holds(existing, bundle)) {
            return SecretWrite.UNCHANGED;
        }
        resource.edit(secret -> new SecretBuilder(secret)
                .editMetadata()
                .addToLabels(TlsSecrets.MANAGED_BY_LABEL, TlsSecrets.MANAGED_BY)
                .endMetadata()
                .addToData(TlsSecrets.data(bundle))
                .build());
        return SecretWrite.UPDATED;
    }

    /** The bundle in the Secret, or empty if there is no such Secret. */
    public Optional<CertificateBundle> read(SecretRef ref) {
        return Optional.ofNullable(resource(ref).get()).map(TlsSecrets::fromSecret);
    }

    /** The CA certificate PEM in the Secret, or empty if there is no such Secret or no {@code ca.crt}. */
    public Optional<String> readCaCertPem(SecretRef ref) {
        return Optional.ofNullable(resource(ref).get()).flatMap(TlsSecrets::caCertPem);
    }

    private Resource<Secret> resource(SecretRef ref) {
        return client.secrets().inNamespace(ref.namespace()).withName(ref.name());
    }
}
