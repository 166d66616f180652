package io.stickyip.certs.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stickyip.certs.CertsException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Opens a Kubernetes client: from a kubeconfig file, or fabric8's usual discovery. */
@FunctionalInterface
public interface KubernetesConnector {
    /** The caller closes the client. */
    KubernetesClient connect(Optional<Path> kubeconfig);

    /**
     * With a path, that kubeconfig's current context; without, fabric8's auto-configuration
     * ({@code KUBECONFIG}, {@code ~/.kube/config}, or the in-cluster service account).
     */
    static KubernetesConnector fabric8() {
        return kubeconfig -> {
            KubernetesClientBuilder builder = new KubernetesClientBuilder();
            kubeconfig.ifPresent(path -> {
                if (!Files.isReadable(path)) {
                    throw new CertsException("cannot read kubeconfig " + path);
                }
                builder.withConfig(Config.fromKubeconfig(path.toFile()));
            });
            return builder.build();
        };
    }
}
