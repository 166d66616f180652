package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.pods.SlotClaims;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;

/**
 * One webhook replica's admission path (store, allocation cache, slot choice, reserver,
 * {@link PodAdmission}) over a real etcd, with a pod view that sees no pod at all: the worst
 * case of an informer that lags behind a burst.
 */
final class AdmissionReplica implements AutoCloseable {
    static final String POOL = "burst";

    final EtcdReservationStore store;
    final PodAdmission admission;
    /** How many times each phase was timed (AdmissionPhases), by phase name. */
    final Map<String, LongAdder> phases = new ConcurrentHashMap<>();
    /** The claim tokens of pods this replica's view has seen (their admissions are over). */
    final Set<String> claimed = ConcurrentHashMap.newKeySet();

    private final AdmissionReviews reviews = new AdmissionReviews(Serialization.jsonMapper());

    AdmissionReplica(String endpoint, String prefix, int recreateReplicas) {
        this(endpoint, prefix, recreateReplicas, pool());
    }

    AdmissionReplica(String endpoint, String prefix, int recreateReplicas, IPPool pool) {
        store = new EtcdReservationStore(EtcdStoreConfig.of(endpoint).withPrefix(prefix));
        AllocationCache allocations = new AllocationCache();
        PodView blind = new PodView() {
            @Override
            public Set<Integer> slotsInUse(WorkloadRef workload) {
                return Set.of();
            }

            @Override
            public OptionalInt replicas(WorkloadRef workload) {
                return OptionalInt.of(recreateReplicas);
            }

            @Override
            public boolean claimed(String namespace, String token) {
                return claimed.contains(token);
            }

            @Override
            public boolean available() {
                return true;
            }
        };
        PoolCatalog catalog = PoolCatalog.of(List.of(pool));
        SlotClaims slots = new SlotClaims(store, blind, LiveCheck.NONE, Runnable::run, Clock.systemUTC());
        admission = new PodAdmission(
                Serialization.jsonMapper(),
                new PodAdmission.Views(() -> catalog, NodeLookup.NONE),
                new Reserver(store, allocations, slots),
                new PodAdmission.Writes(TestSeals.KEY, Optional.empty()),
                (phase, took) ->
                        phases.computeIfAbsent(phase, p -> new LongAdder()).increment());
    }

    static IPPool pool() {
        return Pools.pool(POOL, "10.95.0.0/24", spec -> spec.setGateway("10.95.0.1"));
    }

    /** Admits one AdmissionReview body; the decision, within 20 s. */
    AdmissionDecision admit(String body) throws Exception {
        ParsedReview review = reviews.parse(body.getBytes(StandardCharsets.UTF_8));
        return admission.admit(review).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** The value a patch writes at the annotation, or null. */
    static String patched(AdmissionDecision decision, String annotation) {
        if (!(decision instanceof AdmissionDecision.Patch patch)) {
            return null;
        }
        String path = "/metadata/annotations/" + annotation.replace("~", "~0").replace("/", "~1");
        for (JsonNode op : patch.patch()) {
            if (op.path("path").asString("").equals(path)) {
                return op.path("value").asString(null);
            }
        }
        return null;
    }

    @Override
    public void close() {
        store.close();
    }
}
