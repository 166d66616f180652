package io.stickyip.agent.work;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** Every add, update and delete of a pod puts its UID on the queue. */
public final class Requeue implements ResourceEventHandler<Pod> {
    private final WorkQueue queue;

    public Requeue(WorkQueue queue) {
        this.queue = queue;
    }

    @Override
    public void onAdd(Pod pod) {
        queue.add(pod.getMetadata().getUid());
    }

    @Override
    public void onUpdate(Pod before, Pod pod) {
        queue.add(pod.getMetadata().getUid());
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
        queue.add(pod.getMetadata().getUid());
    }
}
