package io.stickyip.certs.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.certs.CertsException;
import io.stickyip.certs.kube.KubeClients;

import java.nio.file.Path;
import java.util.Optional;

/** Opens a Kubernetes client: from a kubeconfig file, or fabric8's usual discovery. Tests pass their own. */
@FunctionalInterface
public interface KubernetesConnector {
    /** The caller closes the client. */
    KubernetesClient connect(Optional<Path> kubeconfig);

    /**
     * runtime's {@link KubeClients} (the one client factory of every deployable): with a path, that
     * kubeconfig's current context; without, {@code KUBECONFIG}, {@code ~/.kube/config}, or the
     * in-cluster service account.
     */
    static KubernetesConnector fabric8() {
        return kubeconfig -> {
            try {
                return KubeClients.connect(kubeconfig);
            } catch (IllegalArgumentException e) {
                throw new CertsException(e.getMessage());
            }
        };
    }
}
