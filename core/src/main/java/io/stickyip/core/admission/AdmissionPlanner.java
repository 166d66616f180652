package io.stickyip.core.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.AnnotationParser;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.FieldError;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.workload.ResolvedWorkload;
import io.stickyip.core.workload.WorkloadResolver;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a pod's admission once: the annotations ({@link AnnotationParser}), the workload, the slot
 * request, slot 0's claim ({@link SlotPlanner}) and the pools' DNS ({@link PodDns}), into an
 * {@link AdmissionPlan}, or every rule the pod breaks, in that order. Pure.
 */
public final class AdmissionPlanner {
    /** Pool-based Deployments get at most this many slots (a bound, not a target). */
    public static final int MAX_POOL_SLOTS = 1024;

    private AdmissionPlanner() {}

    /**
     * @param pod       the pod as admitted (metadata and spec)
     * @param namespace the pod's namespace
     * @param admission the admission's uid (a bare pod's workload, the slot's claim token)
     * @param podName   the pod's name, {@code ""} for a generateName pod
     */
    public static Checked<AdmissionPlan> plan(
            Pod pod, String namespace, String admission, String podName, PoolCatalog catalog) {
        Checked.Errors errors = new Checked.Errors();
        ResolvedWorkload resolved = WorkloadResolver.resolve(pod, namespace, admission);
        AddressRequest request =
                errors.take(AnnotationParser.check(pod.getMetadata().getAnnotations()), null);
        SlotPlan first =
                request == null ? null : errors.take(SlotPlanner.check(request, resolved.workload(), 0, catalog), null);
        Optional<PodDns.Settings> dns = first == null
                ? Optional.empty()
                : errors.take(dns(pod.getSpec(), first.poolNames(), catalog), Optional.empty());
        if (resolved.fixedSlot().isEmpty() && resolved.workload().kind().equals("statefulset")) {
            errors.add(FieldError.of(new ContractViolation(
                    "metadata.name",
                    String.valueOf(pod.getMetadata().getName()),
                    "has no StatefulSet ordinal (label apps.kubernetes.io/pod-index or name suffix -N)")));
        }
        return errors.result(() -> new AdmissionPlan(
                pod.getSpec(), catalog, request, slotRequest(resolved, request, admission, podName), first, dns));
    }

    private static SlotRequest slotRequest(
            ResolvedWorkload resolved, AddressRequest request, String admission, String podName) {
        if (resolved.fixedSlot().isPresent()) {
            return new SlotRequest(resolved.workload(), admission, podName, resolved.fixedSlot(), 1);
        }
        int limit = request.hasExplicitAddresses() ? slotCount(request) : MAX_POOL_SLOTS;
        return new SlotRequest(resolved.workload(), admission, podName, OptionalInt.empty(), limit);
    }

    /** How many slots an explicit list gives; the list was planned already, so it breaks no rule here. */
    private static int slotCount(AddressRequest request) {
        try {
            return SlotPlanner.slotCount(request);
        } catch (ContractViolation v) {
            throw new IllegalStateException("slot 0 was planned from this list: " + v.getMessage(), v);
        }
    }

    /** The pod's DNS from the named pools' {@code spec.dns}, in pool order. */
    static Checked<Optional<PodDns.Settings>> dns(PodSpec spec, List<String> poolNames, PoolCatalog catalog) {
        List<PodDns.FromPool> from = giving(poolNames).stream()
                .map(n -> new PodDns.FromPool(
                        n, catalog.get(n).map(p -> p.spec().getDns()).orElse(null)))
                .toList();
        return PodDns.check(spec, from);
    }

    /** The named pools as the DNS merge takes them: no blank name (an address in no pool), each once. */
    static List<String> giving(List<String> poolNames) {
        return poolNames.stream().filter(n -> !n.isEmpty()).distinct().toList();
    }
}
