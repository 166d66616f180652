package io.stickyip.core.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test side: the mutator's edits applied to a copy of a model {@link Pod}, for tests that look at
 * the mutated pod as a model (the webhook applies them as a JSON Patch, shown by its own tests).
 */
public final class MutatedPods {
    private MutatedPods() {}

    public static Pod mutated(Pod original, Assignment assignment, Optional<String> schedulerName) {
        return mutated(original, assignment, schedulerName, Optional.empty());
    }

    public static Pod mutated(
            Pod original, Assignment assignment, Optional<String> schedulerName, Optional<PodDns.Settings> dns) {
        return apply(original, PodMutator.edits(original, assignment, schedulerName, dns));
    }

    public static Pod apply(Pod original, List<PodEdit> edits) {
        Pod pod = new PodBuilder(original)
                .editOrNewMetadata()
                .endMetadata()
                .editOrNewSpec()
                .endSpec()
                .build();
        for (PodEdit edit : edits) {
            switch (edit) {
                case PodEdit.SetAnnotation a ->
                    pod.getMetadata().setAnnotations(with(pod.getMetadata().getAnnotations(), a.key(), a.value()));
                case PodEdit.RemoveAnnotation r -> {
                    Map<String, String> m =
                            new LinkedHashMap<>(pod.getMetadata().getAnnotations());
                    m.remove(r.key());
                    pod.getMetadata().setAnnotations(m);
                }
                case PodEdit.SetLabel l ->
                    pod.getMetadata().setLabels(with(pod.getMetadata().getLabels(), l.key(), l.value()));
                case PodEdit.AddReadinessGate g -> {
                    List<PodReadinessGate> gates =
                            new ArrayList<>(orEmpty(pod.getSpec().getReadinessGates()));
                    gates.add(new PodReadinessGate(g.conditionType()));
                    pod.getSpec().setReadinessGates(gates);
                }
                case PodEdit.SetResource r ->
                    resource(pod.getSpec().getContainers().get(r.container()), r);
                case PodEdit.SetSchedulerName s -> pod.getSpec().setSchedulerName(s.name());
                case PodEdit.SetDnsPolicy p -> pod.getSpec().setDnsPolicy(p.policy());
                case PodEdit.SetDnsList l -> {
                    PodDNSConfig c = dnsConfig(pod);
                    List<String> values = l.values().isEmpty() ? null : new ArrayList<>(l.values());
                    if (l.which() == PodEdit.DnsList.NAMESERVERS) {
                        c.setNameservers(values);
                    } else {
                        c.setSearches(values);
                    }
                }
                case PodEdit.SetDnsOptions o ->
                    dnsConfig(pod)
                            .setOptions(
                                    o.options().isEmpty()
                                            ? null
                                            : new ArrayList<>(o.options().stream()
                                                    .map(x -> new PodDNSConfigOption(x.name(), x.value()))
                                                    .toList()));
            }
        }
        return pod;
    }

    private static void resource(Container container, PodEdit.SetResource r) {
        ResourceRequirements res =
                container.getResources() == null ? new ResourceRequirements() : container.getResources();
        if (r.which() == PodEdit.Resources.REQUESTS) {
            res.setRequests(with(res.getRequests(), r.name(), new Quantity(r.quantity())));
        } else {
            res.setLimits(with(res.getLimits(), r.name(), new Quantity(r.quantity())));
        }
        container.setResources(res);
    }

    private static PodDNSConfig dnsConfig(Pod pod) {
        if (pod.getSpec().getDnsConfig() == null) {
            pod.getSpec().setDnsConfig(new PodDNSConfig());
        }
        return pod.getSpec().getDnsConfig();
    }

    private static <V> Map<String, V> with(Map<String, V> m, String key, V value) {
        Map<String, V> out = new LinkedHashMap<>(m == null ? Map.of() : m);
        out.put(key, value);
        return out;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
