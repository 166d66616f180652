package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.admission.AdmissionPlan;
import io.stickyip.core.admission.AdmissionPlanner;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.Outcome;
import io.stickyip.core.admission.PinnedNode;
import io.stickyip.core.admission.PodDns;
import io.stickyip.core.admission.PodEdit;
import io.stickyip.core.admission.PodMutator;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.contract.ReservationSeal;
import io.stickyip.core.contract.SealKeys;
import io.stickyip.core.contract.SigningKey;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.lifecycle.LogValue;
import io.stickyip.webhook.events.AddressReserved;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Pod CREATE, in one pass: refuse what stickyip alone writes unless it wrote it in this admission
 * ({@link WrittenKeyCheck}), plan the admission in core ({@link AdmissionPlanner}: every broken
 * rule at once, or the request, workload, slot request and pool DNS), refuse a pod pinned to a node
 * its pools cannot live on, reserve its slot and addresses in one call ({@link Reserver}), and patch
 * the pod with them and their seal ({@link ReservationSeal}). A dry run takes and reserves nothing
 * (its patch is sealed too: harmless, the pod is never stored). A reservation patched onto a pod is told
 * to {@code reservedEvents}, which writes the pod's {@code AddressReserved} Event once the pod is stored.
 */
public final class PodAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(PodAdmission.class);

    private final ObjectMapper mapper;
    private final Supplier<PoolCatalog> pools;
    private final NodeLookup nodes;
    private final Reserver reserver;
    private final Writes writes;
    private final SealKeys ownKey;
    private final AdmissionPhases phases;
    private final Consumer<AddressReserved> reservedEvents;

    /**
     * What the webhook writes on a pod besides the reservation.
     *
     * @param seal          the key that seals the written annotations ({@link ReservationSeal})
     * @param schedulerName a dedicated scheduler to route annotated pods to, if any
     */
    public record Writes(SigningKey seal, Optional<String> schedulerName) {}

    /**
     * What the admission reads of the cluster besides the store.
     *
     * @param pools the IPPools
     * @param nodes the Node a pinned pod ({@code spec.nodeName}) names, for {@link PinnedNode}
     */
    public record Views(Supplier<PoolCatalog> pools, NodeLookup nodes) {}

    public PodAdmission(ObjectMapper mapper, Supplier<PoolCatalog> pools, Reserver reserver, Writes writes) {
        this(mapper, new Views(pools, NodeLookup.NONE), reserver, writes, AdmissionPhases.NONE);
    }

    public PodAdmission(ObjectMapper mapper, Views views, Reserver reserver, Writes writes, AdmissionPhases phases) {
        this(mapper, views, reserver, writes, phases, reserved -> {});
    }

    /**
     * @param reservedEvents told of every reservation patched onto a pod (never of a dry run or a denial), to
     *                       write its {@link AddressReserved} Event once the pod exists; it must not block
     */
    public PodAdmission(
            ObjectMapper mapper,
            Views views,
            Reserver reserver,
            Writes writes,
            AdmissionPhases phases,
            Consumer<AddressReserved> reservedEvents) {
        this.reservedEvents = reservedEvents;
        this.mapper = mapper;
        this.pools = views.pools();
        this.nodes = views.nodes();
        this.reserver = reserver;
        this.writes = writes;
        this.ownKey = writes.seal().trusted();
        this.phases = phases;
    }

    public CompletionStage<AdmissionDecision> admit(ParsedReview review) {
        if (!review.operation().equals("CREATE")) {
            return done(AdmissionDecision.Allow.unchanged());
        }
        if (!review.object().path("metadata").isObject()
                || !review.object().path("spec").isObject()) {
            return done(AdmissionDecision.Deny.policy("pod has no metadata or spec"));
        }
        Pod pod;
        try {
            pod = AdmittedPod.read(mapper, review.object());
        } catch (RuntimeException e) {
            return done(AdmissionDecision.Deny.policy("object is not a valid Pod: " + e.getMessage()));
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String namespace =
                review.namespace().isEmpty() ? String.valueOf(pod.getMetadata().getNamespace()) : review.namespace();
        String admission;
        switch (WrittenKeyCheck.judge(
                pod, namespace, review.uid(), ownKey, token -> reserver.claimedByAPod(namespace, token))) {
            case WrittenKeyCheck.Verdict.Forged f -> {
                return done(denied(review, f.message()));
            }
            case WrittenKeyCheck.Verdict.OwnOutput o -> admission = o.admissionUid();
            case WrittenKeyCheck.Verdict.Unreviewed u -> admission = review.uid();
        }
        if (!Annotations.requestsFixedAddress(annotations)) {
            return done(AdmissionDecision.Allow.unchanged());
        }
        String name = !review.name().isEmpty()
                ? review.name()
                : pod.getMetadata().getName() == null ? "" : pod.getMetadata().getName();
        return switch (AdmissionPlanner.plan(pod, namespace, admission, name, pools.get())) {
            case Checked.Invalid<AdmissionPlan> invalid -> done(denied(review, invalid.message()));
            case Checked.Valid<AdmissionPlan> valid ->
                reserve(new Admitted(review, pod, namespace, name, admission), valid.value());
        };
    }

    /** Refuses a pinned pod its pools cannot live on, else reserves the slot and addresses and patches the pod. */
    private CompletionStage<AdmissionDecision> reserve(Admitted admitted, AdmissionPlan plan) {
        ParsedReview review = admitted.review();
        return pinned(admitted.pod(), plan.poolNames(), plan.catalog())
                .thenCompose(refusal -> refusal.isPresent()
                        ? done(denied(review, refusal.get()))
                        : reserver.reserve(plan, review.dryRun(), phases)
                                .thenApply(outcome -> decide(admitted, plan, outcome)))
                .exceptionally(error -> failed(review, error));
    }

    /** A pod pinned to a node its pools cannot live on is refused before anything is taken (it skips the extender). */
    private CompletionStage<Optional<String>> pinned(Pod pod, List<String> poolNames, PoolCatalog catalog) {
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return nodes.node(node).thenApply(found -> found.flatMap(n -> PinnedNode.refusal(n, poolNames, catalog)));
    }

    /** The pod under review, and the admission it is (this call's uid, or the one its own earlier output was sealed with). */
    private record Admitted(ParsedReview review, Pod pod, String namespace, String name, String uid) {}

    private AdmissionDecision decide(Admitted admitted, AdmissionPlan plan, Outcome<Assignment> outcome) {
        ParsedReview review = admitted.review();
        return switch (outcome) {
            case Outcome.Done<Assignment> d -> patched(admitted, d.value(), plan);
            case Outcome.Refused<Assignment> r -> denied(review, r.reason());
            case Outcome.Unavailable<Assignment> u -> {
                LOG.warn(
                        "denied uid={} pod={} reason=\"reservation store unavailable\" error=\"{}\"",
                        LogValue.of(review.uid()),
                        LogValue.of(review.objectRef()),
                        LogValue.of(u.reason()));
                yield AdmissionDecision.Deny.unavailable(
                        "stickyip: reservation store (etcd) unavailable, nothing was reserved; " + "retry shortly ("
                                + u.reason() + ")");
            }
        };
    }

    private AdmissionDecision patched(Admitted admitted, Assignment assignment, AdmissionPlan plan) {
        ParsedReview review = admitted.review();
        Optional<PodDns.Settings> dns;
        switch (plan.dnsFor(
                assignment.pools())) { // the planned merge; merged anew only for the pools of older addresses
            case Checked.Invalid<Optional<PodDns.Settings>> invalid -> {
                return denied(review, invalid.message());
            }
            case Checked.Valid<Optional<PodDns.Settings>> valid -> dns = valid.value();
        }
        String seal = ReservationSeal.sign(
                writes.seal(), admitted.namespace(), admitted.uid(), PodMutator.written(assignment));
        List<PodEdit> edits =
                PodMutator.edits(admitted.pod(), assignment, writes.schedulerName(), dns, Optional.of(seal));
        JsonNode patch = Patches.of(review.object(), edits, mapper.getNodeFactory());
        LOG.info(
                "admitted uid={} admission={} pod={} workload=\"{}\" slot={} ip={} dryRun={}",
                LogValue.of(review.uid()),
                LogValue.of(admitted.uid()),
                LogValue.of(review.objectRef()),
                LogValue.of(assignment.workload().key()),
                assignment.slot(),
                String.join(",", assignment.addresses()),
                review.dryRun());
        if (review.dryRun()) {
            return new AdmissionDecision.Patch(patch, List.of("stickyip: dry run, nothing reserved"));
        }
        if (admitted.uid().equals(review.uid())) { // a reinvocation (its own output) was told in its first pass
            tell(new AddressReserved(admitted.namespace(), admitted.name(), assignment.claim(), assignment));
        }
        return new AdmissionDecision.Patch(patch, List.of());
    }

    /** The Event is extra: whatever goes wrong with it never touches the admission. */
    private void tell(AddressReserved reserved) {
        try {
            reservedEvents.accept(reserved);
        } catch (RuntimeException e) {
            LOG.warn("event not awaited pod={}/{}", reserved.namespace(), reserved.name(), e);
        }
    }

    private static AdmissionDecision denied(ParsedReview review, String reason) {
        LOG.info(
                "denied uid={} pod={} reason=\"{}\"",
                LogValue.of(review.uid()),
                LogValue.of(review.objectRef()),
                LogValue.of(reason));
        return AdmissionDecision.Deny.policy(reason);
    }

    /** A bug, never a denial: logged with its stack, answered as unavailable so the pod is refused (fail closed). */
    private static AdmissionDecision failed(ParsedReview review, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.error("failed uid={} pod={}", LogValue.of(review.uid()), LogValue.of(review.objectRef()), cause);
        return AdmissionDecision.Deny.unavailable(
                "stickyip: internal error while reserving, nothing was reserved: " + cause);
    }

    private static CompletionStage<AdmissionDecision> done(AdmissionDecision d) {
        return CompletableFuture.completedFuture(d);
    }
}
