package io.stickyip.webhook.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.Annotations;

import java.util.Map;
import java.util.Optional;

/** Reading stickyip's marks and the lifecycle off a pod. */
final class PodStates {
    private PodStates() { }

    /** Live: exists, not terminating, not finished. Terminating and finished are final. */
    static boolean live(Pod pod) {
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !terminating && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static String workloadKey(Pod pod) {
        return annotation(pod, Annotations.WORKLOAD).orElse("");
    }

    static Optional<Integer> slot(Pod pod) {
        return annotation(pod, Annotations.SLOT).filter(s -> s.matches("\\d{1,4}")).map(Integer::valueOf);
    }

    static String claim(Pod pod) {
        return annotation(pod, Annotations.CLAIM).orElse("");
    }

    static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }

    private static Optional<String> annotation(Pod pod, String key) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? Optional.empty() : Optional.ofNullable(a.get(key));
    }
}
