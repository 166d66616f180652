package io.stickyip.runtime.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.core.admission.Liveness;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link LiveCheck} by live reads from the API server. A bound occupant's pod is gone when no pod
 * of its name exists, or one with another UID, or it is terminating or finished. A pending
 * occupant (its pod never seen) may belong to a creation still in flight in the API server after
 * admission: it counts as live until it is older than {@code pendingTimeout} (the webhook and the controller pass
 * its unborn grace, {@link UnbornGrace}, after which the controller's unborn collector gives such a
 * slot back too), and then as gone only when no live pod carries its claim token (or, when the
 * occupant has a pod name, no live pod has that name: a fixed slot's pods all have one). An API
 * error propagates: when unsure, nothing is freed.
 */
public final class KubeLiveCheck implements LiveCheck {

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration pendingTimeout;

    public KubeLiveCheck(KubernetesClient client, Clock clock, Duration pendingTimeout) {
        this.client = client;
        this.clock = clock;
        this.pendingTimeout = pendingTimeout;
    }

    @Override
    public Liveness check(WorkloadRef workload, Occupant occupant) {
        if (!occupant.pending()) {
            Pod pod = client.pods()
                    .inNamespace(workload.namespace())
                    .withName(occupant.podName())
                    .get();
            return pod != null && occupant.podUid().equals(PodStates.uid(pod)) && PodStates.live(pod)
                    ? Liveness.LIVE
                    : Liveness.GONE;
        }
        if (occupant.since().plus(pendingTimeout).isAfter(clock.instant())) {
            return Liveness.LIVE;
        }
        if (!occupant.podName().isEmpty()) { // a fixed slot's pods have one name: a live pod of it is the slot's
            Pod pod = client.pods()
                    .inNamespace(workload.namespace())
                    .withName(occupant.podName())
                    .get();
            return pod != null && PodStates.live(pod) ? Liveness.LIVE : Liveness.GONE;
        }
        boolean carried = client
                .pods()
                .inNamespace(workload.namespace())
                .withLabel(Annotations.MANAGED_LABEL, "true")
                .list()
                .getItems()
                .stream()
                .anyMatch(p -> occupant.token().equals(PodStates.claim(p)) && PodStates.live(p));
        return carried ? Liveness.LIVE : Liveness.GONE;
    }
}
