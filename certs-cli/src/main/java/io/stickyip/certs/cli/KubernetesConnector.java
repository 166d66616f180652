package io.stickyip.certs.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stickyip.certs.CertsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Opens a Kubernetes client: from a kubeconfig file, or fabric8's usual discovery. Tests pass their own. */
@FunctionalInterface
public interface KubernetesConnector {
    /** The caller closes the client. */
    KubernetesClient connect(Optional<Path> kubeconfig);

    /**
     * fabric8 on its Vert.x 5 HTTP client, as {@code kubectl} finds a cluster: with a path, that kubeconfig's
     * current context; without, {@code KUBECONFIG}, {@code ~/.kube/config}, or the in-cluster service account.
     * The CLI opens its own client rather than runtime's {@code KubeClients}: runtime is the deployables' server
     * runtime (Vert.x web, Micrometer, logback), more than a command-line tool should carry for these lines.
     */
    static KubernetesConnector fabric8() {
        return kubeconfig -> {
            try {
                KubernetesClientBuilder builder = new KubernetesClientBuilder();
                kubeconfig.ifPresent(path -> builder.withConfig(read(path)));
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new CertsException(e.getMessage(), e);
            }
        };
    }

    private static Config read(Path path) {
        if (!Files.isReadable(path)) {
            throw new CertsException("cannot read kubeconfig " + path);
        }
        return Config.fromKubeconfig(path.toFile());
    }
}
