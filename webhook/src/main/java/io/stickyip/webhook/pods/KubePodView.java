package io.stickyip.webhook.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.Informers;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Pods stickyip manages (label {@code stickyip.io/managed=true}), indexed by workload, from an
 * informer: the slots live pods hold, without an API call per admission.
 */
public final class KubePodView implements PodView {
    static final String BY_WORKLOAD = "workload";

    private final Cache<Pod> pods;
    private final Cache<Deployment> deployments;

    /** Caches of {@code informers}: empty until they start. */
    public KubePodView(KubernetesClient client, Informers informers) {
        this.pods = informers.cache("managed pods",
                client.pods().inAnyNamespace().withLabel(Annotations.MANAGED_LABEL, "true"),
                Map.of(BY_WORKLOAD, pod -> List.of(workloadKey(pod))));
        this.deployments = informers.cache("deployments", client.apps().deployments().inAnyNamespace());
    }

    /**
     * Tells {@code onSeen} of every (workload, slot) a pod shows, so pending slots can be dropped;
     * before {@code informers} start.
     */
    public void listen(Informers informers, BiConsumer<WorkloadRef, Integer> onSeen) {
        informers.onChange(pods, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                notify(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                notify(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                // nothing: a deleted pod frees its slot by disappearing from the index
            }

            private void notify(Pod pod) {
                String key = workloadKey(pod);
                Integer slot = slotOf(pod);
                if (!key.isEmpty() && slot != null) {
                    onSeen.accept(WorkloadRef.parse(key), slot);
                }
            }
        });
    }

    public boolean synced() {
        return pods.synced() && deployments.synced();
    }

    @Override
    public Set<Integer> slotsInUse(WorkloadRef workload) {
        Set<Integer> slots = new HashSet<>();
        for (Pod pod : pods.byIndex(BY_WORKLOAD, workload.key())) {
            boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
            Integer slot = slotOf(pod);
            if (!terminating && !finished && slot != null) {
                slots.add(slot);
            }
        }
        return slots;
    }

    @Override
    public OptionalInt replicas(WorkloadRef workload) {
        if (!workload.kind().equals(WorkloadRef.DEPLOYMENT)) {
            return OptionalInt.empty();
        }
        Deployment d = deployments.get(workload.namespace(), workload.name()).orElse(null);
        if (d == null || d.getSpec() == null || d.getSpec().getReplicas() == null || d.getSpec().getStrategy() == null
                || !"Recreate".equals(d.getSpec().getStrategy().getType())) {
            return OptionalInt.empty(); // a RollingUpdate's surge pods overlap: the address list bounds them
        }
        return OptionalInt.of(Math.max(1, d.getSpec().getReplicas()));
    }

    @Override
    public boolean hasPods(WorkloadRef workload) {
        return !pods.byIndex(BY_WORKLOAD, workload.key()).isEmpty();
    }

    @Override
    public boolean available() {
        return true;
    }

    private static String workloadKey(Pod pod) {
        return ManagedPod.workloadOf(pod).map(WorkloadRef::key).orElse("");
    }

    private static Integer slotOf(Pod pod) {
        OptionalInt slot = ManagedPod.slotOf(pod);
        return slot.isPresent() ? slot.getAsInt() : null;
    }
}
