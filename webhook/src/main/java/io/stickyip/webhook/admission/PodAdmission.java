package io.stickyip.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.PodMutator;
import io.stickyip.core.admission.SlotPlan;
import io.stickyip.core.admission.SlotPlanner;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.AnnotationParser;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.reservation.StoreUnavailableException;
import io.stickyip.core.workload.ResolvedWorkload;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.core.workload.WorkloadResolver;
import io.stickyip.webhook.pods.SlotTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Pod CREATE: validate the annotations, authorize the pool, reserve the addresses for the
 * workload (one store transaction), and patch the pod. A dry run reserves nothing.
 */
public final class PodAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(PodAdmission.class);
    /** Pool-based Deployments get at most this many slots (a bound, not a target). */
    static final int MAX_POOL_SLOTS = 1024;

    private final ObjectMapper mapper;
    private final Supplier<PoolCatalog> pools;
    private final SlotTracker slots;
    private final Reserver reserver;
    private final Optional<String> schedulerName;

    public PodAdmission(ObjectMapper mapper, Supplier<PoolCatalog> pools, SlotTracker slots, Reserver reserver,
                        Optional<String> schedulerName) {
        this.mapper = mapper;
        this.pools = pools;
        this.slots = slots;
        this.reserver = reserver;
        this.schedulerName = schedulerName;
    }

    public CompletionStage<AdmissionDecision> admit(ParsedReview review) {
        if (!review.operation().equals("CREATE")) {
            return done(AdmissionDecision.Allow.unchanged());
        }
        Pod pod;
        try {
            pod = mapper.treeToValue(review.object(), Pod.class);
        } catch (RuntimeException e) {
            return done(AdmissionDecision.Deny.policy("object is not a valid Pod: " + e.getMessage()));
        }
        if (pod.getMetadata() == null || pod.getSpec() == null) {
            return done(AdmissionDecision.Deny.policy("pod has no metadata or spec"));
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (!Annotations.requestsFixedAddress(annotations)) {
            return done(AdmissionDecision.Allow.unchanged());
        }
        String namespace = review.namespace().isEmpty() ? String.valueOf(pod.getMetadata().getNamespace()) : review.namespace();
        try {
            AddressRequest request = AnnotationParser.parse(annotations);
            ResolvedWorkload resolved = WorkloadResolver.resolve(pod, namespace, review.uid());
            PoolCatalog catalog = pools.get();
            int slot = chooseSlot(pod, resolved, request, review.uid());
            SlotPlan plan = SlotPlanner.plan(request, resolved.workload(), slot, catalog);
            CompletionStage<Assignment> assigned = review.dryRun() ? reserver.preview(plan, catalog) : reserver.reserve(plan, catalog);
            return assigned.handle((assignment, error) -> decide(review, pod, assignment, error));
        } catch (ContractViolation v) {
            LOG.info("denied uid={} pod={} reason=\"{}\"", review.uid(), review.objectRef(), v.getMessage());
            return done(AdmissionDecision.Deny.policy(v.getMessage()));
        } catch (SlotsExhaustedException e) {
            return done(AdmissionDecision.Deny.policy(e.getMessage()));
        }
    }

    private int chooseSlot(Pod pod, ResolvedWorkload resolved, AddressRequest request, String uid)
            throws ContractViolation, SlotsExhaustedException {
        if (resolved.fixedSlot().isPresent()) {
            return resolved.fixedSlot().getAsInt();
        }
        if (resolved.workload().kind().equals("statefulset")) {
            throw new ContractViolation("metadata.name", String.valueOf(pod.getMetadata().getName()),
                    "has no StatefulSet ordinal (label apps.kubernetes.io/pod-index or name suffix -N)");
        }
        OptionalInt reused = reusedSlot(pod, resolved.workload());
        if (reused.isPresent()) {
            return reused.getAsInt();
        }
        int limit = request.hasExplicitAddresses() ? SlotPlanner.slotCount(request) : MAX_POOL_SLOTS;
        OptionalInt slot = slots.acquire(resolved.workload(), limit, uid);
        if (slot.isEmpty()) {
            throw new SlotsExhaustedException("all " + limit + " address slot(s) of " + resolved.workload()
                    + " are in use by live pods; delete a pod or list more addresses in " + request.explicitSource());
        }
        return slot.getAsInt();
    }

    /** On reinvocation the pod already carries our annotations; trust them only for the same workload. */
    private static OptionalInt reusedSlot(Pod pod, WorkloadRef workload) {
        return ManagedPod.read(pod).filter(m -> m.workload().equals(workload)).map(ManagedPod::slot).orElse(OptionalInt.empty());
    }

    private AdmissionDecision decide(ParsedReview review, Pod pod, Assignment assignment, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            slots.release(review.uid());
            return switch (cause) {
                case ReservationDeniedException d -> {
                    LOG.info("denied uid={} pod={} reason=\"{}\"", review.uid(), review.objectRef(), d.getMessage());
                    yield AdmissionDecision.Deny.policy(d.getMessage());
                }
                case StoreUnavailableException u -> {
                    LOG.warn("denied uid={} pod={} reason=\"reservation store unavailable\" error=\"{}\"",
                            review.uid(), review.objectRef(), u.getMessage());
                    yield AdmissionDecision.Deny.unavailable("stickyip: reservation store (etcd) unavailable, nothing was reserved; "
                            + "retry shortly (" + u.getMessage() + ")");
                }
                default -> {
                    LOG.error("failed uid={} pod={}", review.uid(), review.objectRef(), cause);
                    yield AdmissionDecision.Deny.unavailable("stickyip: internal error while reserving, nothing was reserved: " + cause);
                }
            };
        }
        Pod desired = PodMutator.desired(pod, assignment, schedulerName);
        JsonNode patch = Patches.diff(mapper, review.object(), mapper.valueToTree(desired));
        LOG.info("admitted uid={} pod={} workload=\"{}\" slot={} ip={} dryRun={}", review.uid(), review.objectRef(),
                assignment.workload().key(), assignment.slot(), String.join(",", assignment.addresses()), review.dryRun());
        List<String> warnings = review.dryRun() ? List.of("stickyip: dry run, nothing reserved") : List.of();
        return new AdmissionDecision.Patch(patch, warnings);
    }

    private static CompletionStage<AdmissionDecision> done(AdmissionDecision d) {
        return CompletableFuture.completedFuture(d);
    }

    /** All slots of a workload are used by live pods. */
    static final class SlotsExhaustedException extends Exception {
        SlotsExhaustedException(String message) {
            super(message);
        }
    }

    /** Shown to the user as a denial; the store was consulted and said no. */
    public static final class ReservationDeniedException extends RuntimeException {
        public ReservationDeniedException(String message) {
            super(message);
        }
    }
}
