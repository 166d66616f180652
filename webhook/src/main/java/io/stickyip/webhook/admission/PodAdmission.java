package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.Outcome;
import io.stickyip.core.admission.PinnedNode;
import io.stickyip.core.admission.PodDns;
import io.stickyip.core.admission.PodEdit;
import io.stickyip.core.admission.PodMutator;
import io.stickyip.core.admission.SlotPlan;
import io.stickyip.core.admission.SlotPlanner;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.AnnotationParser;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.ReservationSeal;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.contract.SigningKey;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.workload.ResolvedWorkload;
import io.stickyip.core.workload.WorkloadResolver;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.webhook.pods.SlotClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Pod CREATE: refuse what stickyip alone writes unless it wrote it in this admission
 * ({@link WrittenKeyCheck}), validate the annotations, authorize the pool, take the pod's slot in
 * the store ({@link SlotClaims}), reserve the slot's addresses (one store transaction), and patch
 * the pod with them and their seal ({@link ReservationSeal}). A dry run takes and reserves nothing
 * (its patch is sealed too: harmless, the pod is never stored).
 */
public final class PodAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(PodAdmission.class);
    /** Pool-based Deployments get at most this many slots (a bound, not a target). */
    static final int MAX_POOL_SLOTS = 1024;

    private final ObjectMapper mapper;
    private final Supplier<PoolCatalog> pools;
    private final NodeLookup nodes;
    private final SlotClaims slots;
    private final Reserver reserver;
    private final Writes writes;
    private final SealKeys ownKey;
    private final AdmissionPhases phases;

    /**
     * What the webhook writes on a pod besides the reservation.
     *
     * @param seal          the key that seals the written annotations ({@link ReservationSeal})
     * @param schedulerName a dedicated scheduler to route annotated pods to, if any
     */
    public record Writes(SigningKey seal, Optional<String> schedulerName) { }

    /**
     * What the admission reads of the cluster besides the store.
     *
     * @param pools the IPPools
     * @param nodes the Node a pinned pod ({@code spec.nodeName}) names, for {@link PinnedNode}
     */
    public record Views(Supplier<PoolCatalog> pools, NodeLookup nodes) { }

    public PodAdmission(ObjectMapper mapper, Supplier<PoolCatalog> pools, SlotClaims slots, Reserver reserver, Writes writes) {
        this(mapper, new Views(pools, NodeLookup.NONE), slots, reserver, writes, AdmissionPhases.NONE);
    }

    public PodAdmission(ObjectMapper mapper, Views views, SlotClaims slots, Reserver reserver, Writes writes,
                        AdmissionPhases phases) {
        this.mapper = mapper;
        this.pools = views.pools();
        this.nodes = views.nodes();
        this.slots = slots;
        this.reserver = reserver;
        this.writes = writes;
        this.ownKey = writes.seal().trusted();
        this.phases = phases;
    }

    public CompletionStage<AdmissionDecision> admit(ParsedReview review) {
        if (!review.operation().equals("CREATE")) {
            return done(AdmissionDecision.Allow.unchanged());
        }
        if (!review.object().path("metadata").isObject() || !review.object().path("spec").isObject()) {
            return done(AdmissionDecision.Deny.policy("pod has no metadata or spec"));
        }
        Pod pod;
        try {
            pod = AdmittedPod.read(mapper, review.object());
        } catch (RuntimeException e) {
            return done(AdmissionDecision.Deny.policy("object is not a valid Pod: " + e.getMessage()));
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String namespace = review.namespace().isEmpty() ? String.valueOf(pod.getMetadata().getNamespace()) : review.namespace();
        String admission;
        switch (WrittenKeyCheck.judge(pod, namespace, review.uid(), ownKey, token -> slots.claimedByAPod(namespace, token))) {
            case WrittenKeyCheck.Verdict.Forged f -> {
                return done(denied(review, f.message()));
            }
            case WrittenKeyCheck.Verdict.OwnOutput o -> admission = o.admissionUid();
            case WrittenKeyCheck.Verdict.Unreviewed u -> admission = review.uid();
        }
        if (!Annotations.requestsFixedAddress(annotations)) {
            return done(AdmissionDecision.Allow.unchanged());
        }
        try {
            AddressRequest request = AnnotationParser.parse(annotations);
            ResolvedWorkload resolved = WorkloadResolver.resolve(pod, namespace, admission);
            PoolCatalog catalog = pools.get();
            SlotPlan first = SlotPlanner.plan(request, resolved.workload(), 0, catalog); // refuse bad annotations before taking a slot
            dns(pod, first.poolNames(), catalog); // and DNS that cannot be merged
            SlotClaims.Request slot = slotRequest(pod, resolved, request, review, admission);
            Admitted admitted = new Admitted(review, pod, namespace, admission);
            return pinned(pod, first.poolNames(), catalog).thenCompose(refusal -> refusal.isPresent()
                    ? done(denied(review, refusal.get()))
                    : inSlot(review, pod, slot, request, catalog).thenApply(outcome -> decide(admitted, outcome, catalog)))
                    .exceptionally(error -> failed(review, error));
        } catch (ContractViolation v) {
            return done(denied(review, v.getMessage()));
        }
    }

    /** A pod pinned to a node its pools cannot live on is refused before anything is taken (it skips the extender). */
    private CompletionStage<Optional<String>> pinned(Pod pod, List<String> poolNames, PoolCatalog catalog) {
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return nodes.node(node).thenApply(found -> found.flatMap(n -> PinnedNode.refusal(n, poolNames, catalog)));
    }

    /**
     * Takes the pod's slot (a dry run only looks), then reserves (or previews) the slot's
     * addresses; if the reservation does not succeed, the slot is given back.
     */
    private CompletionStage<Outcome<Assignment>> inSlot(ParsedReview review, Pod pod, SlotClaims.Request slot,
                                                        AddressRequest request, PoolCatalog catalog) {
        CompletionStage<Outcome<Integer>> chosen = timed("slot", () -> review.dryRun() ? slots.preview(slot) : slots.acquire(slot));
        return chosen.thenCompose(taken -> taken.thenAsync(n -> timed("reserve", () -> reserve(review, pod, slot, n, request, catalog))
                .whenComplete((outcome, error) -> {
                    if ((error != null || !outcome.isDone()) && !review.dryRun()) {
                        slots.abandon(slot, n);
                    }
                })
                .thenApply(outcome -> outcome.map(a -> slots.kept() ? a.withClaim(slot.token()) : a))));
    }

    private <T> CompletionStage<T> timed(String phase, Supplier<CompletionStage<T>> stage) {
        long started = System.nanoTime();
        return stage.get().whenComplete((value, error) -> phases.phase(phase, since(started)));
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Plans the slot and refuses, before anything is reserved, a pod its pools' DNS cannot be merged into. */
    private CompletionStage<Outcome<Assignment>> reserve(ParsedReview review, Pod pod, SlotClaims.Request slot, int n,
                                                         AddressRequest request, PoolCatalog catalog) {
        SlotPlan plan;
        try {
            plan = SlotPlanner.plan(request, slot.workload(), n, catalog);
            dns(pod, plan.poolNames(), catalog);
        } catch (ContractViolation v) {
            return CompletableFuture.completedFuture(Outcome.refused(v.getMessage()));
        }
        return review.dryRun() ? reserver.preview(plan, catalog) : reserver.reserve(plan, catalog);
    }

    /** The pod under review, and the admission it is (this call's uid, or the one its own earlier output was sealed with). */
    private record Admitted(ParsedReview review, Pod pod, String namespace, String uid) { }

    private static SlotClaims.Request slotRequest(Pod pod, ResolvedWorkload resolved, AddressRequest request, ParsedReview review,
                                                  String admission) throws ContractViolation {
        String name = review.name().isEmpty() ? String.valueOf(pod.getMetadata().getName() == null ? "" : pod.getMetadata().getName())
                : review.name();
        if (resolved.fixedSlot().isPresent()) {
            return new SlotClaims.Request(resolved.workload(), admission, name, resolved.fixedSlot(), 1);
        }
        if (resolved.workload().kind().equals("statefulset")) {
            throw new ContractViolation("metadata.name", String.valueOf(pod.getMetadata().getName()),
                    "has no StatefulSet ordinal (label apps.kubernetes.io/pod-index or name suffix -N)");
        }
        int limit = request.hasExplicitAddresses() ? SlotPlanner.slotCount(request) : MAX_POOL_SLOTS;
        return new SlotClaims.Request(resolved.workload(), admission, name, OptionalInt.empty(), limit);
    }

    private AdmissionDecision decide(Admitted admitted, Outcome<Assignment> outcome, PoolCatalog catalog) {
        ParsedReview review = admitted.review();
        return switch (outcome) {
            case Outcome.Done<Assignment> d -> patched(admitted, d.value(), catalog);
            case Outcome.Refused<Assignment> r -> denied(review, r.reason());
            case Outcome.Unavailable<Assignment> u -> {
                LOG.warn("denied uid={} pod={} reason=\"reservation store unavailable\" error=\"{}\"",
                        LogValue.of(review.uid()), LogValue.of(review.objectRef()), LogValue.of(u.reason()));
                yield AdmissionDecision.Deny.unavailable("stickyip: reservation store (etcd) unavailable, nothing was reserved; "
                        + "retry shortly (" + u.reason() + ")");
            }
        };
    }

    private AdmissionDecision patched(Admitted admitted, Assignment assignment, PoolCatalog catalog) {
        ParsedReview review = admitted.review();
        Optional<PodDns.Settings> dns;
        try {
            dns = dns(admitted.pod(), assignment.pools(), catalog);
        } catch (ContractViolation v) { // checked before reserving; only a pool changed in between gets here
            return denied(review, v.getMessage());
        }
        String seal = ReservationSeal.sign(writes.seal(), admitted.namespace(), admitted.uid(), PodMutator.written(assignment));
        List<PodEdit> edits = PodMutator.edits(admitted.pod(), assignment, writes.schedulerName(), dns, Optional.of(seal));
        JsonNode patch = Patches.of(review.object(), edits, mapper.getNodeFactory());
        LOG.info("admitted uid={} admission={} pod={} workload=\"{}\" slot={} ip={} dryRun={}", LogValue.of(review.uid()),
                LogValue.of(admitted.uid()), LogValue.of(review.objectRef()), LogValue.of(assignment.workload().key()),
                assignment.slot(), String.join(",", assignment.addresses()), review.dryRun());
        List<String> warnings = review.dryRun() ? List.of("stickyip: dry run, nothing reserved") : List.of();
        return new AdmissionDecision.Patch(patch, warnings);
    }

    /** The pod's DNS from the named pools' {@code spec.dns}, in pool order. */
    private static Optional<PodDns.Settings> dns(Pod pod, List<String> poolNames, PoolCatalog catalog) throws ContractViolation {
        List<PodDns.FromPool> from = poolNames.stream().filter(n -> !n.isEmpty())
                .map(n -> new PodDns.FromPool(n, catalog.get(n).map(p -> p.spec().getDns()).orElse(null))).toList();
        return PodDns.merge(pod.getSpec(), from);
    }

    private static AdmissionDecision denied(ParsedReview review, String reason) {
        LOG.info("denied uid={} pod={} reason=\"{}\"", LogValue.of(review.uid()), LogValue.of(review.objectRef()), LogValue.of(reason));
        return AdmissionDecision.Deny.policy(reason);
    }

    /** A bug, never a denial: logged with its stack, answered as unavailable so the pod is refused (fail closed). */
    private static AdmissionDecision failed(ParsedReview review, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.error("failed uid={} pod={}", LogValue.of(review.uid()), LogValue.of(review.objectRef()), cause);
        return AdmissionDecision.Deny.unavailable("stickyip: internal error while reserving, nothing was reserved: " + cause);
    }

    private static CompletionStage<AdmissionDecision> done(AdmissionDecision d) {
        return CompletableFuture.completedFuture(d);
    }
}
