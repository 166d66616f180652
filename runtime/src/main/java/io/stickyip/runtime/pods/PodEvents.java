package io.stickyip.runtime.pods;

import io.fabric8.kubernetes.api.model.Pod;

/** Told by the pod view of every managed pod that is live, and of every one that stopped being live. */
public interface PodEvents {

    /** The pod exists and is neither terminating nor finished. */
    void live(Pod pod);

    /** The pod is terminating, finished or deleted: it will never be live again. */
    void gone(Pod pod);

    /** Hears nothing: the view alone (it still remembers the pods it saw go). */
    PodEvents NONE = new PodEvents() {
        @Override
        public void live(Pod pod) {}

        @Override
        public void gone(Pod pod) {}
    };
}
