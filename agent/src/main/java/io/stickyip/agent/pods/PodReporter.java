package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.Annotations;
import io.stickyip.runtime.kube.EventRecorder;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the pod: the condition {@code stickyip.io/ip-ready} (the readiness gate the webhook added) through a
 * strategic-merge patch of its status built from a Pod object (conditions merge by type, so the kubelet's own
 * conditions are untouched), and Events. A condition already as wanted is not written again, and an Event
 * already told about the same pod with the same reason and message is not repeated.
 */
public final class PodReporter {
    private static final Logger LOG = LoggerFactory.getLogger(PodReporter.class);
    private static final int REMEMBERED_EVENTS = 4096;

    private final KubernetesClient kube;
    private final EventRecorder events;
    private final Clock clock;
    private final Runnable afterWrite;
    private final Map<String, String> told = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    };

    /** @param afterWrite told after each condition written (a step: {@link io.stickyip.agent.work.Steps}) */
    public PodReporter(KubernetesClient kube, EventRecorder events, Clock clock, Runnable afterWrite) {
        this.kube = kube;
        this.events = events;
        this.clock = clock;
        this.afterWrite = afterWrite;
    }

    /**
     * Sets the condition unless the pod (as last seen) has it with this status and reason already.
     *
     * @return true if it was written now
     */
    public boolean condition(Pod pod, boolean ready, String reason, String message) {
        String status = ready ? "True" : "False";
        Optional<PodCondition> have = current(pod);
        if (have.isPresent()
                && status.equals(have.get().getStatus())
                && Objects.equals(reason, have.get().getReason())
                && Objects.equals(message, have.get().getMessage())) {
            return false;
        }
        String transition = have.isPresent()
                        && status.equals(have.get().getStatus())
                        && have.get().getLastTransitionTime() != null
                ? have.get().getLastTransitionTime()
                : DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        Pod patch = new PodBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType(Annotations.READY_CONDITION)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(transition)
                .endCondition()
                .endStatus()
                .build();
        kube.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch));
        afterWrite.run();
        return true;
    }

    /** Records an Event unless this pod was told exactly this already. */
    public void event(Pod pod, EventRecorder.Type type, String reason, String message) {
        String key = pod.getMetadata().getUid() + "/" + reason;
        synchronized (told) {
            if (message.equals(told.get(key))) {
                return;
            }
            told.put(key, message);
        }
        try {
            events.record(pod, type, reason, message);
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "event not recorded pod={}/{} reason={} error=\"{}\"",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    reason,
                    e.getMessage());
        }
    }

    /** Forgets what a gone pod was told. */
    public void forget(String uid) {
        synchronized (told) {
            told.keySet().removeIf(k -> k.startsWith(uid + "/"));
        }
    }

    private static Optional<PodCondition> current(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? Optional.empty()
                : pod.getStatus().getConditions().stream()
                        .filter(c -> Annotations.READY_CONDITION.equals(c.getType()))
                        .findFirst();
    }
}
