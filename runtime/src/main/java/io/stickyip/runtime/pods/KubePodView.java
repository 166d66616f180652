package io.stickyip.runtime.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.admission.Liveness;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.Informers;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Pods stickyip manages (label {@code stickyip.io/managed=true}) from an informer, indexed by
 * workload (of the pod's own namespace only), and by namespace with UID or claim token: the slots
 * live pods show and whether an occupant's pod is live, without an API call per admission. A pod
 * naming another namespace's workload counts for none ({@link ForeignPods} logs it once). Pods seen
 * deleted are remembered for a while (a deleted pod is gone for good), so a slot can be taken over
 * before its occupant is vacated.
 */
public final class KubePodView implements PodView {
    static final String BY_WORKLOAD = "workload";
    static final String BY_UID = "uid";
    static final String BY_CLAIM = "claim";
    static final int REMEMBERED_GONE = 4096;

    private final Cache<Pod> pods;
    private final Cache<Deployment> deployments;
    private final ForeignPods foreign = new ForeignPods();
    private final Set<String> gone = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_GONE;
        }
    }));

    /** Caches of {@code informers}: empty until they start. */
    public KubePodView(KubernetesClient client, Informers informers) {
        this.pods = informers.cache(
                "managed pods",
                client.pods().inAnyNamespace().withLabel(Annotations.MANAGED_LABEL, "true"),
                Map.of(
                        BY_WORKLOAD,
                        this::workloadIndex,
                        BY_UID,
                        pod -> List.of(PodStates.uidKey(pod)),
                        BY_CLAIM,
                        pod -> List.of(PodStates.claimKey(pod))));
        this.deployments =
                informers.cache("deployments", client.apps().deployments().inAnyNamespace());
    }

    /** {@code events} hears of every pod from the first list on; before {@code informers} start. */
    public void listen(Informers informers, PodEvents events) {
        informers.onChange(pods, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                tell(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                tell(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                remember(pod);
                events.gone(pod);
            }

            private void tell(Pod pod) {
                if (PodStates.live(pod)) {
                    events.live(pod);
                } else {
                    remember(pod);
                    events.gone(pod);
                }
            }
        });
    }

    private List<String> workloadIndex(Pod pod) {
        foreign.check(pod);
        return List.of(PodStates.workloadKey(pod));
    }

    private void remember(Pod pod) {
        gone.add(PodStates.uidKey(pod));
        if (!PodStates.claim(pod).isEmpty()) {
            gone.add(PodStates.claimKey(pod));
        }
    }

    /** Every managed pod in view (for counts, e.g. a pool's live addresses). */
    public List<Pod> managedPods() {
        return pods.list();
    }

    public boolean synced() {
        return pods.synced() && deployments.synced();
    }

    @Override
    public Set<Integer> slotsInUse(WorkloadRef workload) {
        Set<Integer> slots = new HashSet<>();
        for (Pod pod : pods.byIndex(BY_WORKLOAD, workload.key())) {
            if (PodStates.live(pod)) {
                PodStates.slot(pod).ifPresent(slots::add);
            }
        }
        return slots;
    }

    @Override
    public Liveness liveness(WorkloadRef workload, Occupant occupant) {
        String id =
                PodStates.inNamespace(workload.namespace(), occupant.pending() ? occupant.token() : occupant.podUid());
        if (gone.contains(id)) {
            return Liveness.GONE;
        }
        List<Pod> matching = pods.byIndex(occupant.pending() ? BY_CLAIM : BY_UID, id);
        if (matching.isEmpty()) {
            return Liveness.UNKNOWN;
        }
        return matching.stream().anyMatch(PodStates::live) ? Liveness.LIVE : Liveness.GONE;
    }

    @Override
    public boolean claimed(String namespace, String token) {
        String id = PodStates.inNamespace(namespace, token);
        return !token.isEmpty()
                && (gone.contains(id) || !pods.byIndex(BY_CLAIM, id).isEmpty());
    }

    @Override
    public OptionalInt replicas(WorkloadRef workload) {
        if (!workload.kind().equals(WorkloadRef.DEPLOYMENT)) {
            return OptionalInt.empty();
        }
        Deployment d = deployments.get(workload.namespace(), workload.name()).orElse(null);
        if (d == null
                || d.getSpec() == null
                || d.getSpec().getReplicas() == null
                || d.getSpec().getStrategy() == null
                || !"Recreate".equals(d.getSpec().getStrategy().getType())) {
            return OptionalInt.empty(); // a RollingUpdate's surge pods overlap: the address list bounds them
        }
        return OptionalInt.of(Math.max(1, d.getSpec().getReplicas()));
    }

    @Override
    public boolean available() {
        return true;
    }
}
