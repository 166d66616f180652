package io.stickyip.webhook.events;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ManagedPod;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an admission reserved for a pod, told to the pod's owner as a {@code Normal} Event {@value #REASON} once
 * the pod exists (at CREATE admission it does not, and a pod of a Deployment has no name yet). The pod is found by
 * its namespace and the claim token the admission wrote on it ({@code stickyip.io/claim}), or by its name where
 * there is no token; it must carry exactly the addresses reserved, so the Event can only ever land on the pod the
 * admission patched, in its own namespace, naming its own addresses.
 *
 * @param namespace the pod's namespace (where the Event is written)
 * @param name      the pod's name, if known at admission ({@code ""} for a generated name)
 * @param claim     the claim token written on the pod ({@code ""} in standalone mode)
 * @param assignment what was reserved
 */
public record AddressReserved(String namespace, String name, String claim, Assignment assignment) {
    public static final String REASON = "AddressReserved";

    public AddressReserved {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(assignment, "assignment");
    }

    /** The key a pending Event waits under: the claim token, or the name when there is none; empty if neither. */
    public Optional<String> key() {
        if (!claim.isEmpty()) {
            return Optional.of(key(namespace, "claim", claim));
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(key(namespace, "name", name));
    }

    /** The keys under which a stored pod may be awaited: its claim token and its name, in its namespace. */
    public static List<String> keysOf(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String token = pod.getMetadata().getAnnotations() == null
                ? null
                : pod.getMetadata().getAnnotations().get(Annotations.CLAIM);
        return token == null || token.isEmpty()
                ? List.of(key(ns, "name", pod.getMetadata().getName()))
                : List.of(
                        key(ns, "claim", token),
                        key(ns, "name", pod.getMetadata().getName()));
    }

    private static String key(String namespace, String by, String value) {
        return namespace + "/" + by + "/" + value;
    }

    /** Whether {@code pod} is the pod this admission patched: same namespace, and exactly the addresses reserved. */
    public boolean isFor(Pod pod) {
        return namespace.equals(pod.getMetadata().getNamespace())
                && ManagedPod.read(pod)
                        .map(m -> m.problems().isEmpty() && m.addresses().equals(assignment.addresses()))
                        .orElse(false);
    }

    /** E.g. {@code reserved 10.77.0.5 from pool demo for deployment db (slot 0); it stays with the workload}. */
    public String message() {
        List<String> pools = List.copyOf(new LinkedHashSet<>(
                assignment.pools().stream().filter(p -> !p.isEmpty()).toList()));
        String from =
                pools.isEmpty() ? "" : (pools.size() == 1 ? " from pool " : " from pools ") + String.join(", ", pools);
        return "reserved " + String.join(", ", assignment.addresses()) + from + " for "
                + assignment.workload().kind().toLowerCase(java.util.Locale.ROOT) + " "
                + assignment.workload().name()
                + " (slot " + assignment.slot() + "); it stays with the workload";
    }
}
