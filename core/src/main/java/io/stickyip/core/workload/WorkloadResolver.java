package io.stickyip.core.workload;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the workload of a pod from the pod alone (no API calls, so it also works when the
 * webhook runs without a cluster): Pod → ReplicaSet → Deployment by the {@code pod-template-hash}
 * naming rule, StatefulSet + ordinal, other controllers by their owner reference, bare pods by
 * name. A bare pod created with {@code generateName} has no name at admission; it is keyed by
 * its generateName and the admission uid.
 */
public final class WorkloadResolver {
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String POD_INDEX = "apps.kubernetes.io/pod-index";

    private WorkloadResolver() {}

    public static ResolvedWorkload resolve(Pod pod, String namespace, String admissionUid) {
        ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        Optional<OwnerReference> controller = meta.getOwnerReferences() == null
                ? Optional.empty()
                : meta.getOwnerReferences().stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController()))
                        .filter(WorkloadResolver::usable)
                        .findFirst();
        if (controller.isEmpty()) {
            return new ResolvedWorkload(
                    new WorkloadRef(namespace, WorkloadRef.POD, barePodName(meta, admissionUid)), OptionalInt.of(0));
        }
        OwnerReference owner = controller.get();
        String kind = owner.getKind().toLowerCase(Locale.ROOT);
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        if (kind.equals("replicaset")) {
            String hash = labels.get(POD_TEMPLATE_HASH);
            String rs = owner.getName();
            if (hash != null && rs.endsWith("-" + hash) && rs.length() > hash.length() + 1) {
                String deployment = rs.substring(0, rs.length() - hash.length() - 1);
                return new ResolvedWorkload(
                        new WorkloadRef(namespace, WorkloadRef.DEPLOYMENT, deployment), OptionalInt.empty());
            }
            return new ResolvedWorkload(new WorkloadRef(namespace, kind, rs), OptionalInt.empty());
        }
        if (kind.equals("statefulset")) {
            return new ResolvedWorkload(
                    new WorkloadRef(namespace, kind, owner.getName()), ordinal(meta, owner.getName(), labels));
        }
        return new ResolvedWorkload(new WorkloadRef(namespace, kind, owner.getName()), OptionalInt.empty());
    }

    /**
     * Mutating admission runs before the API server validates owner references, so a controller
     * reference may lack kind or name; such a pod is rejected later anyway, and is keyed as bare here.
     */
    private static boolean usable(OwnerReference owner) {
        return owner.getKind() != null
                && !owner.getKind().isBlank()
                && !owner.getKind().contains("/")
                && owner.getName() != null
                && !owner.getName().isBlank()
                && !owner.getName().contains("/");
    }

    private static String barePodName(ObjectMeta meta, String admissionUid) {
        if (meta.getName() != null && !meta.getName().isEmpty()) {
            return meta.getName();
        }
        String prefix = meta.getGenerateName() == null ? "pod-" : meta.getGenerateName();
        return prefix
                + admissionUid
                        .replace("-", "")
                        .substring(0, Math.min(12, admissionUid.replace("-", "").length()));
    }

    /**
     * The ordinal is the suffix of the pod's name ({@code web-3}: 3), as the StatefulSet
     * controller names its pods; a {@code apps.kubernetes.io/pod-index} label that says otherwise
     * makes it none. So a StatefulSet slot has exactly one pod name, and the API server's
     * one-pod-per-name rule keeps two live pods out of one slot (a label alone could be copied
     * onto any pod).
     */
    private static OptionalInt ordinal(ObjectMeta meta, String statefulSet, Map<String, String> labels) {
        String name = meta.getName();
        if (name == null || !name.startsWith(statefulSet + "-")) {
            return OptionalInt.empty();
        }
        String suffix = name.substring(statefulSet.length() + 1);
        if (!suffix.matches("\\d{1,9}") || (suffix.length() > 1 && suffix.startsWith("0"))) {
            return OptionalInt.empty();
        }
        String index = labels.get(POD_INDEX);
        if (index != null && !index.equals(suffix)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(suffix));
    }
}
