package io.stickyip.core.contract;

import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the contract wrote onto a pod, read back: the one reader of the webhook's annotations
 * ({@link Annotations#WORKLOAD}, {@link Annotations#SLOT}, {@link Annotations#RESERVED_IP},
 * {@link Annotations#RESERVED_POOL}, {@link Annotations#PREFIX_LENGTH}, {@link Annotations#GATEWAY}),
 * its readiness gate and the agent's condition {@link Annotations#READY_CONDITION}.
 *
 * <p>A pod is managed when it names its workload. Every other part is read on its own and leniently:
 * a malformed part is left out and described in {@link #problems()}, so a hand-edited annotation
 * never hides the workload (garbage collection must still see that the workload has a pod).
 * Who acts on the addresses checks {@link #complete()} first.
 *
 * @param workload     the owning workload ({@code stickyip.io/workload})
 * @param slot         the slot within it, if present and well-formed ({@code stickyip.io/slot}, 0–9999)
 * @param addresses    the reserved addresses in order, canonical text ({@code stickyip.io/reserved-ip})
 * @param pools        the pools as written ({@code stickyip.io/reserved-pool}: distinct names, in order of first use)
 * @param prefixLength prefix length of the address inside the pod, if written
 * @param gateway      the pod's gateway, if written
 * @param readinessGate whether the pod carries the {@code stickyip.io/ip-ready} readiness gate
 * @param ipReady      the state of the {@code stickyip.io/ip-ready} condition
 * @param problems     what could not be read, each naming annotation, value and rule
 */
public record ManagedPod(
        WorkloadRef workload,
        OptionalInt slot,
        List<String> addresses,
        List<String> pools,
        OptionalInt prefixLength,
        Optional<String> gateway,
        boolean readinessGate,
        Condition ipReady,
        List<String> problems) {

    /** Slots as the webhook writes them (and as the reservation store bounds them). */
    static final int MAX_SLOT_DIGITS = 4;

    /** The state of a pod condition: set true, set false, or not set at all. */
    public enum Condition {
        TRUE,
        FALSE,
        UNSET
    }

    /** One reserved address and the pool it came from, when that can be told. */
    public record ReservedAddress(String address, Optional<String> pool) {}

    public ManagedPod {
        addresses = List.copyOf(addresses);
        pools = List.copyOf(pools);
        problems = List.copyOf(problems);
    }

    /** The pod's contract, or empty when it names no workload (not managed by stickyip, or not yet). */
    public static Optional<ManagedPod> read(Pod pod) {
        Map<String, String> a = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? Map.of()
                : pod.getMetadata().getAnnotations();
        Optional<WorkloadRef> workload = workload(a.get(Annotations.WORKLOAD));
        if (workload.isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        return Optional.of(new ManagedPod(
                workload.get(),
                slot(a.get(Annotations.SLOT), problems),
                addresses(a.get(Annotations.RESERVED_IP), problems),
                list(a.get(Annotations.RESERVED_POOL)),
                prefixLength(a.get(Annotations.PREFIX_LENGTH), problems),
                gateway(a.get(Annotations.GATEWAY), problems),
                hasReadinessGate(pod),
                ipReady(pod),
                problems));
    }

    /**
     * The workload named by a pod, if it names one of the pod's own namespace ({@code metadata.namespace});
     * a pod naming another namespace's workload names none. Cheap (for indexes and existence checks).
     */
    public static Optional<WorkloadRef> workloadOf(Pod pod) {
        return namedWorkload(pod)
                .filter(w -> w.namespace().equals(pod.getMetadata().getNamespace()));
    }

    /** The workload of another namespace than its own that a pod names, if it does (to log; such a pod is ignored). */
    public static Optional<WorkloadRef> foreignWorkloadOf(Pod pod) {
        return namedWorkload(pod)
                .filter(w -> !w.namespace().equals(pod.getMetadata().getNamespace()));
    }

    private static Optional<WorkloadRef> namedWorkload(Pod pod) {
        return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? Optional.empty()
                : workload(pod.getMetadata().getAnnotations().get(Annotations.WORKLOAD));
    }

    /** The slot written on a pod, if well-formed; cheap (per admission, for every pod of a workload). */
    public static OptionalInt slotOf(Pod pod) {
        return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? OptionalInt.empty()
                : slot(pod.getMetadata().getAnnotations().get(Annotations.SLOT), new ArrayList<>());
    }

    /** The claim token of the pod's slot ({@link Annotations#CLAIM}), or {@code ""}; cheap (for the pod view's index). */
    public static String claimOf(Pod pod) {
        return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? ""
                : pod.getMetadata().getAnnotations().getOrDefault(Annotations.CLAIM, "");
    }

    /** Everything an agent or the extender needs is there and well-formed: a slot and at least one address. */
    public boolean complete() {
        return problems.isEmpty() && slot.isPresent() && !addresses.isEmpty();
    }

    /**
     * The addresses with their pools, as far as the pod alone tells: one pool written means every
     * address is from it; as many pools as addresses means the i-th address is from the i-th pool
     * (the pools are written distinct, in order of first use, so equal counts pair exactly).
     * Otherwise the pool is empty here; {@link #reserved(PoolCatalog)} finds it.
     */
    public List<ReservedAddress> reserved() {
        List<ReservedAddress> out = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            Optional<String> pool = pools.size() == 1
                    ? Optional.of(pools.getFirst())
                    : pools.size() == addresses.size() ? Optional.of(pools.get(i)) : Optional.empty();
            out.add(new ReservedAddress(addresses.get(i), pool));
        }
        return out;
    }

    /**
     * As {@link #reserved()}, and where the pod alone does not tell, the written pool that holds the
     * address in this catalog (empty if none does, e.g. the pool was deleted).
     */
    public List<ReservedAddress> reserved(PoolCatalog catalog) {
        return reserved().stream()
                .map(r ->
                        r.pool().isPresent() ? r : new ReservedAddress(r.address(), poolHolding(r.address(), catalog)))
                .toList();
    }

    private Optional<String> poolHolding(String address, PoolCatalog catalog) {
        Optional<IPAddress> ip = Addresses.parse(address);
        return ip.flatMap(a -> catalog.containing(a).stream()
                .map(CompiledPool::name)
                .filter(pools::contains)
                .findFirst());
    }

    private static Optional<WorkloadRef> workload(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WorkloadRef.parse(value.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static OptionalInt slot(String value, List<String> problems) {
        if (value == null) {
            problems.add(Annotations.SLOT + ": (none) is missing");
            return OptionalInt.empty();
        }
        if (!value.matches("\\d{1," + MAX_SLOT_DIGITS + "}")) {
            problems.add(Annotations.SLOT + ": " + value + " is not a slot number (0 to 9999)");
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(value));
    }

    private static List<String> addresses(String value, List<String> problems) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            problems.add(
                    Annotations.RESERVED_IP + ": " + (value == null ? "(none)" : '"' + value + '"') + " is missing");
            return out;
        }
        for (String part : list(value)) {
            Optional<IPAddress> ip = Addresses.parse(part);
            if (ip.isEmpty()) {
                problems.add(Annotations.RESERVED_IP + ": " + part + " is not an IP address");
            } else {
                out.add(Addresses.canonical(ip.get()));
            }
        }
        return out;
    }

    private static OptionalInt prefixLength(String value, List<String> problems) {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.matches("\\d{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 128) {
            problems.add(Annotations.PREFIX_LENGTH + ": " + value + " is not a prefix length (1 to 128)");
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(value));
    }

    private static Optional<String> gateway(String value, List<String> problems) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<IPAddress> ip = Addresses.parse(value);
        if (ip.isEmpty()) {
            problems.add(Annotations.GATEWAY + ": " + value + " is not an IP address");
        }
        return ip.map(Addresses::canonical);
    }

    private static List<String> list(String value) {
        return value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    private static boolean hasReadinessGate(Pod pod) {
        return pod.getSpec() != null
                && pod.getSpec().getReadinessGates() != null
                && pod.getSpec().getReadinessGates().stream()
                        .anyMatch(g -> Annotations.READY_CONDITION.equals(g.getConditionType()));
    }

    private static Condition ipReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Condition.UNSET;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> Annotations.READY_CONDITION.equals(c.getType()))
                .map(PodCondition::getStatus)
                .findFirst()
                .map(s -> "True".equals(s) ? Condition.TRUE : "False".equals(s) ? Condition.FALSE : Condition.UNSET)
                .orElse(Condition.UNSET);
    }
}
