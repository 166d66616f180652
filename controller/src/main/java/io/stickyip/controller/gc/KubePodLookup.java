package io.stickyip.controller.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.contract.ManagedPod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PodLookup} by listing a namespace's pods from the API server, every pod and not only those
 * labelled as managed (a later mutating webhook could have dropped the label), once per namespace
 * and pass.
 */
public final class KubePodLookup implements PodLookup {
    private final KubernetesClient client;

    public KubePodLookup(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Pass pass() {
        Map<String, List<Pod>> listed = new HashMap<>();
        return (namespace, podName, claimToken) ->
                listed
                        .computeIfAbsent(
                                namespace,
                                ns -> client.pods().inNamespace(ns).list().getItems())
                        .stream()
                        .anyMatch(pod -> !podName.isEmpty()
                                        && podName.equals(pod.getMetadata().getName())
                                || claimToken.equals(ManagedPod.claimOf(pod)));
    }
}
