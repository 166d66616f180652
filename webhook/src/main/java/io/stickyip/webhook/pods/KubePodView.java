package io.stickyip.webhook.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.workload.WorkloadRef;

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
public final class KubePodView implements PodView, AutoCloseable {
    static final String BY_WORKLOAD = "workload";

    private final SharedIndexInformer<Pod> informer;
    private final SharedIndexInformer<Deployment> deployments;

    /** Built, not started: {@link #start} once whoever listens exists. */
    public KubePodView(KubernetesClient client) {
        this.informer = client.pods().inAnyNamespace().withLabel(Annotations.MANAGED_LABEL, "true").runnableInformer(0L);
        informer.addIndexers(Map.of(BY_WORKLOAD, pod -> List.of(workloadKey(pod))));
        this.deployments = client.apps().deployments().inAnyNamespace().runnableInformer(0L);
    }

    /**
     * Starts the informers and waits for their first list.
     *
     * @param onSeen told of every (workload, slot) a pod shows, so pending slots can be dropped
     */
    public void start(BiConsumer<WorkloadRef, Integer> onSeen) {
        informer.addEventHandler(new ResourceEventHandler<>() {
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
        informer.run();
        deployments.run();
    }

    public boolean synced() {
        return informer.hasSynced();
    }

    @Override
    public Set<Integer> slotsInUse(WorkloadRef workload) {
        Set<Integer> slots = new HashSet<>();
        for (Pod pod : informer.getIndexer().byIndex(BY_WORKLOAD, workload.key())) {
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
        Deployment d = deployments.getStore().getByKey(workload.namespace() + "/" + workload.name());
        if (d == null || d.getSpec() == null || d.getSpec().getReplicas() == null || d.getSpec().getStrategy() == null
                || !"Recreate".equals(d.getSpec().getStrategy().getType())) {
            return OptionalInt.empty(); // a RollingUpdate's surge pods overlap: the address list bounds them
        }
        return OptionalInt.of(Math.max(1, d.getSpec().getReplicas()));
    }

    @Override
    public boolean hasPods(WorkloadRef workload) {
        return !informer.getIndexer().byIndex(BY_WORKLOAD, workload.key()).isEmpty();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void close() {
        deployments.close();
        informer.close();
    }

    private static String workloadKey(Pod pod) {
        return ManagedPod.workloadOf(pod).map(WorkloadRef::key).orElse("");
    }

    private static Integer slotOf(Pod pod) {
        OptionalInt slot = ManagedPod.slotOf(pod);
        return slot.isPresent() ? slot.getAsInt() : null;
    }
}
