package io.stickyip.webhook.pods;

import io.stickyip.core.workload.WorkloadRef;

import java.util.Set;

/** What the webhook knows of existing pods: which slots of a workload live pods are using. */
public interface PodView {

    /** Slots held by pods of the workload that exist and are not terminating. */
    Set<Integer> slotsInUse(WorkloadRef workload);

    /** True if any pod (terminating or not) of the workload exists. */
    boolean hasPods(WorkloadRef workload);

    /** How many pods of the workload can live at once, if known: a Recreate Deployment's spec.replicas. */
    default java.util.OptionalInt replicas(WorkloadRef workload) {
        return java.util.OptionalInt.empty();
    }

    /** False when there is no cluster to look at (standalone mode): every pod then uses slot 0. */
    boolean available();

    PodView NONE = new PodView() {
        @Override
        public Set<Integer> slotsInUse(WorkloadRef workload) {
            return Set.of();
        }

        @Override
        public boolean hasPods(WorkloadRef workload) {
            return false;
        }

        @Override
        public boolean available() {
            return false;
        }
    };
}
