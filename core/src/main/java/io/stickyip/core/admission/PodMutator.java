package io.stickyip.core.admission;

import static io.stickyip.core.contract.Annotations.CLAIM;
import static io.stickyip.core.contract.Annotations.EXTENDED_RESOURCE;
import static io.stickyip.core.contract.Annotations.GATEWAY;
import static io.stickyip.core.contract.Annotations.MANAGED_LABEL;
import static io.stickyip.core.contract.Annotations.PREFIX_LENGTH;
import static io.stickyip.core.contract.Annotations.READY_CONDITION;
import static io.stickyip.core.contract.Annotations.RESERVED_IP;
import static io.stickyip.core.contract.Annotations.RESERVED_POOL;
import static io.stickyip.core.contract.Annotations.SEAL;
import static io.stickyip.core.contract.Annotations.SLOT;
import static io.stickyip.core.contract.Annotations.WORKLOAD;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edits that make an admitted pod carry its assignment: the assignment's annotations and their
 * seal, the managed label, the readiness gate, one {@code stickyip.io/ip} on the first container (request and
 * limit), the dedicated scheduler, the pools' DNS. Only what differs from the pod is an edit, so a
 * pod mutated once gets none the second time. Pure.
 *
 * <p>Reads only these fields of the pod: {@code metadata.annotations}, {@code metadata.labels},
 * {@code spec.readinessGates}, the first container's {@code resources}, {@code spec.schedulerName},
 * {@code spec.dnsPolicy} and {@code spec.dnsConfig} (the webhook reads no others from the request).
 */
public final class PodMutator {
    /** Extended resources cannot be overcommitted: request and limit are both this. */
    static final String ONE = "1";

    private PodMutator() {}

    /**
     * @param schedulerName a dedicated scheduler to route the pod to, if one is configured
     */
    public static List<PodEdit> edits(Pod pod, Assignment assignment, Optional<String> schedulerName) {
        return edits(pod, assignment, schedulerName, Optional.empty());
    }

    /**
     * @param schedulerName a dedicated scheduler to route the pod to, if one is configured
     * @param dns           the pod's DNS from its pools ({@link PodDns#merge}), if any pool gives DNS
     */
    public static List<PodEdit> edits(
            Pod pod, Assignment assignment, Optional<String> schedulerName, Optional<PodDns.Settings> dns) {
        return edits(pod, assignment, schedulerName, dns, Optional.empty());
    }

    /**
     * @param schedulerName a dedicated scheduler to route the pod to, if one is configured
     * @param dns           the pod's DNS from its pools ({@link PodDns#merge}), if any pool gives DNS
     * @param seal          the {@code stickyip.io/seal} over {@link #written(Assignment)} ({@code ReservationSeal.sign}),
     *                      if the pod is to carry one
     */
    public static List<PodEdit> edits(
            Pod pod,
            Assignment assignment,
            Optional<String> schedulerName,
            Optional<PodDns.Settings> dns,
            Optional<String> seal) {
        List<PodEdit> edits = new ArrayList<>();
        Map<String, String> annotations =
                orEmpty(pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations());
        annotations(annotations, assignment, edits);
        seal.ifPresent(value -> set(annotations, SEAL, seal, edits));
        Map<String, String> labels =
                orEmpty(pod.getMetadata() == null ? null : pod.getMetadata().getLabels());
        if (!"true".equals(labels.get(MANAGED_LABEL))) {
            edits.add(new PodEdit.SetLabel(MANAGED_LABEL, "true"));
        }
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        if (spec.getReadinessGates() == null
                || spec.getReadinessGates().stream().noneMatch(g -> READY_CONDITION.equals(g.getConditionType()))) {
            edits.add(new PodEdit.AddReadinessGate(READY_CONDITION));
        }
        if (spec.getContainers() != null && !spec.getContainers().isEmpty()) {
            extendedResource(spec.getContainers().getFirst(), edits);
        }
        schedulerName
                .filter(s -> !s.equals(spec.getSchedulerName()))
                .ifPresent(s -> edits.add(new PodEdit.SetSchedulerName(s)));
        dns.ifPresent(d -> dns(spec, d, edits));
        return List.copyOf(edits);
    }

    /**
     * The annotations the assignment writes, with their values; a key it leaves out is absent on the
     * pod (what a seal covers: {@code ReservationSeal.SIGNED}).
     */
    public static Map<String, String> written(Assignment assignment) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(RESERVED_IP, String.join(",", assignment.addresses()));
        out.put(
                RESERVED_POOL,
                String.join(",", assignment.pools().stream().distinct().toList()));
        out.put(WORKLOAD, assignment.workload().key());
        out.put(SLOT, Integer.toString(assignment.slot()));
        if (!assignment.claim().isEmpty()) {
            out.put(CLAIM, assignment.claim());
        }
        assignment.prefixLength().ifPresent(p -> out.put(PREFIX_LENGTH, Integer.toString(p)));
        assignment.gateway().ifPresent(g -> out.put(GATEWAY, g));
        return out;
    }

    /** Absent in the assignment means absent on the pod, not a value left from a copied pod. */
    private static void annotations(Map<String, String> now, Assignment assignment, List<PodEdit> edits) {
        Map<String, String> written = written(assignment);
        for (String key : List.of(RESERVED_IP, RESERVED_POOL, WORKLOAD, SLOT, CLAIM, PREFIX_LENGTH, GATEWAY)) {
            set(now, key, Optional.ofNullable(written.get(key)), edits);
        }
    }

    private static void set(Map<String, String> now, String key, Optional<String> value, List<PodEdit> edits) {
        if (value.isPresent() && !value.get().equals(now.get(key))) {
            edits.add(new PodEdit.SetAnnotation(key, value.get()));
        } else if (value.isEmpty() && now.containsKey(key)) {
            edits.add(new PodEdit.RemoveAnnotation(key));
        }
    }

    private static void extendedResource(Container container, List<PodEdit> edits) {
        ResourceRequirements resources =
                container.getResources() == null ? new ResourceRequirements() : container.getResources();
        if (!isOne(orEmpty(resources.getRequests()).get(EXTENDED_RESOURCE))) {
            edits.add(new PodEdit.SetResource(0, PodEdit.Resources.REQUESTS, EXTENDED_RESOURCE, ONE));
        }
        if (!isOne(orEmpty(resources.getLimits()).get(EXTENDED_RESOURCE))) {
            edits.add(new PodEdit.SetResource(0, PodEdit.Resources.LIMITS, EXTENDED_RESOURCE, ONE));
        }
    }

    /** As written, not by value: "1000m" is one, but the mutator writes "1". */
    private static boolean isOne(Quantity q) {
        return q != null && ONE.equals(q.toString());
    }

    /** The merged lists replace the pod's own where they differ (they begin with the pod's own, see {@link PodDns}). */
    private static void dns(PodSpec spec, PodDns.Settings settings, List<PodEdit> edits) {
        if (settings.dnsPolicy() != null && !settings.dnsPolicy().equals(spec.getDnsPolicy())) {
            edits.add(new PodEdit.SetDnsPolicy(settings.dnsPolicy()));
        }
        PodDNSConfig own = spec.getDnsConfig() == null ? new PodDNSConfig() : spec.getDnsConfig();
        PodDNSConfig merged = settings.config();
        list(PodEdit.DnsList.NAMESERVERS, own.getNameservers(), merged.getNameservers(), edits);
        list(PodEdit.DnsList.SEARCHES, own.getSearches(), merged.getSearches(), edits);
        List<PodDNSConfigOption> ownOptions = orEmpty(own.getOptions());
        List<PodDNSConfigOption> options = orEmpty(merged.getOptions());
        if (!ownOptions.equals(options)) {
            edits.add(new PodEdit.SetDnsOptions(options.stream()
                    .map(o -> new PodEdit.DnsOption(o.getName(), o.getValue()))
                    .toList()));
        }
    }

    private static void list(PodEdit.DnsList which, List<String> own, List<String> merged, List<PodEdit> edits) {
        if (!orEmpty(own).equals(orEmpty(merged))) {
            edits.add(new PodEdit.SetDnsList(which, orEmpty(merged)));
        }
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
