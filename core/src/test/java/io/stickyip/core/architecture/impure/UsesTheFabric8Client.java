package io.stickyip.core.architecture.impure;

import io.fabric8.kubernetes.client.KubernetesClient;

public class UsesTheFabric8Client {
    String namespace(KubernetesClient client) {
        return client.getNamespace();
    }
}
