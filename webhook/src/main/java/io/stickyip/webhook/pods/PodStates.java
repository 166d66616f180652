package io.stickyip.webhook.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.workload.WorkloadRef;

import java.util.Optional;
import java.util.OptionalInt;

/** The lifecycle of a pod and the marks the pod view indexes by ({@link ManagedPod} reads them). */
final class PodStates {
    private PodStates() { }

    /** Live: exists, not terminating, not finished. Terminating and finished are final. */
    static boolean live(Pod pod) {
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !terminating && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static String workloadKey(Pod pod) {
        return ManagedPod.workloadOf(pod).map(WorkloadRef::key).orElse("");
    }

    static Optional<Integer> slot(Pod pod) {
        OptionalInt slot = ManagedPod.slotOf(pod);
        return slot.isPresent() ? Optional.of(slot.getAsInt()) : Optional.empty();
    }

    static String claim(Pod pod) {
        return ManagedPod.claimOf(pod);
    }

    static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }
}
