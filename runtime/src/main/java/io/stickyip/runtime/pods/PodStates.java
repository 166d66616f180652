package io.stickyip.runtime.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.workload.WorkloadRef;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The lifecycle of a pod and the marks the pod view indexes by ({@link ManagedPod} reads them). A pod
 * counts only for a workload of its own namespace, and is indexed by namespace and UID or claim token,
 * never by a name or a token alone: a pod of one namespace never stands for a slot of another.
 */
public final class PodStates {
    private PodStates() {}

    /** Live: exists, not terminating, not finished. Terminating and finished are final. */
    public static boolean live(Pod pod) {
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !terminating && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** The key of the workload the pod names in its own namespace, or {@code ""} (none, or another namespace's). */
    public static String workloadKey(Pod pod) {
        return ManagedPod.workloadOf(pod).map(WorkloadRef::key).orElse("");
    }

    public static String namespace(Pod pod) {
        return pod.getMetadata().getNamespace() == null ? "" : pod.getMetadata().getNamespace();
    }

    /** An id (UID, claim token) qualified by a namespace, {@code ""} for an empty id: what the view indexes pods by. */
    public static String inNamespace(String namespace, String id) {
        return id.isEmpty() ? "" : namespace + "/" + id;
    }

    /** The pod's UID as the view indexes it: {@link #inNamespace} of its own namespace. */
    public static String uidKey(Pod pod) {
        return inNamespace(namespace(pod), uid(pod));
    }

    /** The pod's claim token as the view indexes it: {@link #inNamespace} of its own namespace. */
    public static String claimKey(Pod pod) {
        return inNamespace(namespace(pod), claim(pod));
    }

    public static Optional<Integer> slot(Pod pod) {
        OptionalInt slot = ManagedPod.slotOf(pod);
        return slot.isPresent() ? Optional.of(slot.getAsInt()) : Optional.empty();
    }

    public static String claim(Pod pod) {
        return ManagedPod.claimOf(pod);
    }

    public static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }
}
