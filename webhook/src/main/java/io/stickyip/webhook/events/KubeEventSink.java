package io.stickyip.webhook.events;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.runtime.kube.EventRecorder;

/** Writes an {@link AddressReserved} as a {@code v1} Event on the pod, in the pod's namespace. */
public final class KubeEventSink implements ReservationEvents.Sink {
    private final EventRecorder recorder;

    public KubeEventSink(EventRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void write(Pod pod, AddressReserved reserved) {
        recorder.record(pod, EventRecorder.Type.Normal, AddressReserved.REASON, reserved.message());
    }
}
