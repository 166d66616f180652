package io.stickyip.runtime.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The one way the deployables (webhook, controller, extender, agent) open a Kubernetes client (fabric8, on its Vert.x 5
 * HTTP client): a named kubeconfig's current context, or fabric8's discovery ({@code KUBECONFIG},
 * {@code ~/.kube/config}, the in-cluster service account). The caller closes the client. (The
 * {@code stickyip-certs} command line is not built on runtime and opens its own, as kubectl does.)
 */
public final class KubeClients {
    private KubeClients() {}

    /** fabric8's discovery: {@code KUBECONFIG}, {@code ~/.kube/config}, or the pod's service account. */
    public static KubernetesClient connect() {
        return connect(Optional.empty());
    }

    /**
     * @param kubeconfig a kubeconfig file whose current context to use, or empty for discovery
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public static KubernetesClient connect(Optional<Path> kubeconfig) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        kubeconfig.ifPresent(path -> builder.withConfig(read(path)));
        return builder.build();
    }

    /**
     * As {@link #connect(Optional)}, every request bounded by {@code requestTimeout} (a caller that must
     * notice a lost API server in time, like the node agent's heartbeat, cannot wait for fabric8's default).
     */
    public static KubernetesClient connect(Optional<Path> kubeconfig, Duration requestTimeout) {
        Config config = kubeconfig.map(KubeClients::read).orElseGet(() -> Config.autoConfigure(null));
        config.setRequestTimeout(Math.toIntExact(requestTimeout.toMillis()));
        config.setConnectionTimeout(Math.toIntExact(requestTimeout.toMillis()));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Config read(Path path) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read kubeconfig " + path);
        }
        return Config.fromKubeconfig(path.toFile());
    }
}
