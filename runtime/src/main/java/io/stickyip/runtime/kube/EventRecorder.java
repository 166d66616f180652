package io.stickyip.runtime.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Writes Kubernetes Events ({@code v1}, what {@code kubectl describe} shows) about an object, as
 * {@code component} on {@code host}. Blocking (one API call): run it on a worker thread.
 */
public final class EventRecorder {
    /** An event's type: normal progress or something the user should look at. */
    public enum Type {
        Normal,
        Warning
    }

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;

    /**
     * @param component who reports, e.g. {@code stickyip-agent}
     * @param host      where it runs (the node name), or {@code ""}
     */
    public EventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    /**
     * @param reason  a CamelCase word, e.g. {@code AddressLive}
     * @param message what happened, naming the address and the node
     */
    public Event record(HasMetadata about, Type type, String reason, String message) {
        String namespace = about.getMetadata().getNamespace() == null
                ? "default"
                : about.getMetadata().getNamespace();
        String now = DateTimeFormatter.ISO_INSTANT.format(
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(about.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 8))
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion())
                        .withKind(about.getKind())
                        .withNamespace(about.getMetadata().getNamespace())
                        .withName(about.getMetadata().getName())
                        .withUid(about.getMetadata().getUid())
                        .withResourceVersion(about.getMetadata().getResourceVersion())
                        .build())
                .withType(type.name())
                .withReason(reason)
                .withMessage(message)
                .withNewSource()
                .withComponent(component)
                .withHost(host.isEmpty() ? null : host)
                .endSource()
                .withReportingComponent(component)
                .withReportingInstance(host.isEmpty() ? component : host)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        return client.v1().events().inNamespace(namespace).resource(event).create();
    }
}
