package io.stickyip.controller.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.workload.WorkloadRef;

/**
 * Asks the API server (live reads, not a cache) whether a workload exists: its owner object, or
 * any pod annotated as belonging to it. An API error propagates: when unsure, nothing is freed.
 */
public final class WorkloadExistence {
    private final KubernetesClient client;

    public WorkloadExistence(KubernetesClient client) {
        this.client = client;
    }

    public boolean exists(WorkloadRef w) {
        boolean owner = switch (w.kind()) {
            case WorkloadRef.DEPLOYMENT ->
                client.apps()
                                .deployments()
                                .inNamespace(w.namespace())
                                .withName(w.name())
                                .get()
                        != null;
            case WorkloadRef.STATEFULSET ->
                client.apps()
                                .statefulSets()
                                .inNamespace(w.namespace())
                                .withName(w.name())
                                .get()
                        != null;
            case "replicaset" ->
                client.apps()
                                .replicaSets()
                                .inNamespace(w.namespace())
                                .withName(w.name())
                                .get()
                        != null;
            case "daemonset" ->
                client.apps()
                                .daemonSets()
                                .inNamespace(w.namespace())
                                .withName(w.name())
                                .get()
                        != null;
            case "job" ->
                client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(w.namespace())
                                .withName(w.name())
                                .get()
                        != null;
            case WorkloadRef.POD ->
                client.pods().inNamespace(w.namespace()).withName(w.name()).get() != null;
            default -> false;
        };
        return owner || hasAnnotatedPod(w);
    }

    private boolean hasAnnotatedPod(WorkloadRef w) {
        return client
                .pods()
                .inNamespace(w.namespace())
                .withLabel(Annotations.MANAGED_LABEL, "true")
                .list()
                .getItems()
                .stream()
                .anyMatch(pod -> ManagedPod.workloadOf(pod).filter(w::equals).isPresent());
    }
}
