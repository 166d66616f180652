package io.stickyip.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.runtime.kube.EventRecorder;
import io.stickyip.runtime.kube.Informers;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.lifecycle.WorkerPool;
import io.stickyip.runtime.pods.KubeLiveCheck;
import io.stickyip.runtime.pods.KubePodView;
import io.stickyip.runtime.pools.KubePoolSource;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.webhook.admission.NodeLookup;
import io.stickyip.webhook.events.KubeEventSink;
import io.stickyip.webhook.events.ReservationEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The webhook in a cluster: IPPools and managed pods from informers, pods asked of the API server when the view does
 * not know them, and the Node a pinned pod names. It only reads the cluster: the controllers that keep the slots'
 * occupants and collect reservations run in the controller deployable ({@code io.stickyip.controller}).
 */
final class InCluster {
    /** The Events' reporting component. */
    static final String COMPONENT = "stickyip-webhook";
    /** How long an admission's Event waits for its pod to be stored. */
    static final Duration EVENT_EXPIRY = Duration.ofMinutes(2);

    private InCluster() {}

    static Surroundings wire(WebhookConfig config, Resources resources, WorkerPool blocking) {
        KubernetesClient kube = resources.add(KubeClients.connect());
        Informers informers = resources.add(new Informers());
        PoolSource pools = config.poolsFile()
                .map(f -> Standalone.filePools(f, resources, blocking))
                .orElseGet(() -> resources.add(new KubePoolSource(kube, informers)));
        KubePodView pods = new KubePodView(kube, informers);
        // the view remembers the pods it saw go; the occupants are the controller's; what it hears is for the
        // AddressReserved Events of this replica's admissions
        ReservationEvents events = new ReservationEvents(
                new KubeEventSink(new EventRecorder(kube, COMPONENT, "", Clock.systemUTC())),
                blocking.executor(),
                Clock.systemUTC(),
                EVENT_EXPIRY);
        pods.listen(informers, events);
        informers.start();
        // a pending slot is judged as the controller's unborn collector does
        KubeLiveCheck live = new KubeLiveCheck(kube, Clock.systemUTC(), config.unbornGrace());
        return new Surroundings(pools, pods, live, NodeLookup.of(kube, blocking.executor()), Optional.of(events));
    }
}
