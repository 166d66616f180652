package io.stickyip.core.admission;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.NextHops;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Decides what a slot claims, and checks pools and namespaces; pure. */
public final class SlotPlanner {
    private SlotPlanner() {}

    /** The slot's claim, or the first rule the request breaks (as {@link #check} finds them). */
    public static SlotPlan plan(AddressRequest request, WorkloadRef workload, int slot, PoolCatalog catalog)
            throws ContractViolation {
        return check(request, workload, slot, catalog).orThrowFirst();
    }

    /**
     * The slot's claim, or what the request breaks: every named pool the namespace cannot use and
     * every listed address outside a usable pool, each named; the other rules stop at their first.
     */
    public static Checked<SlotPlan> check(AddressRequest request, WorkloadRef workload, int slot, PoolCatalog catalog) {
        Checked.Errors errors = new Checked.Errors();
        List<CompiledPool> named = new ArrayList<>();
        for (String name : request.pools()) {
            CompiledPool pool = errors.take(() -> usablePool(name, workload.namespace(), catalog), null);
            if (pool != null) {
                named.add(pool);
            }
        }
        if (errors.any()) {
            return errors.result(() -> null);
        }
        return Checked.of(() -> {
                    onePoolPerFamily(named);
                    return null;
                })
                .flatMap(ignored -> request.hasExplicitAddresses()
                        ? Checked.of(() -> explicit(request, workload, slot, catalog, named))
                                .flatMap(c -> c)
                        : Checked.of(() -> fromPools(request, workload, slot, named)));
    }

    private static SlotPlan fromPools(AddressRequest request, WorkloadRef workload, int slot, List<CompiledPool> named)
            throws ContractViolation {
        Optional<String> gateway = request.gateway().map(Addresses::canonical);
        int perPool = request.perPod().orElse(1);
        OptionalInt prefix = request.prefixLength().isPresent()
                ? request.prefixLength()
                : OptionalInt.of(named.getFirst().prefixLength());
        Optional<String> gw =
                gateway.or(() -> Optional.ofNullable(named.getFirst().spec().getGateway()));
        if (gw.isPresent()) {
            checkPoolGateway(request, named, gw.get(), gatewayField(request, named.getFirst()));
        }
        return new SlotPlan.FromPools(workload, slot, List.copyOf(named), perPool, prefix, gw);
    }

    /** {@code stickyip.io/pool: a,b} gives one address per family: two pools of one family are refused, naming both. */
    private static void onePoolPerFamily(List<CompiledPool> named) throws ContractViolation {
        for (int i = 0; i < named.size(); i++) {
            for (int j = i + 1; j < named.size(); j++) {
                if (named.get(i).space().isIPv4() == named.get(j).space().isIPv4()) {
                    String names = named.stream()
                            .map(CompiledPool::name)
                            .reduce((x, y) -> x + "," + y)
                            .orElse("");
                    throw new ContractViolation(
                            Annotations.POOL,
                            names,
                            "names pools " + named.get(i).name() + " and "
                                    + named.get(j).name() + ", both "
                                    + (named.get(i).space().isIPv4() ? "IPv4" : "IPv6")
                                    + ": name at most one pool per address family (use stickyip.io/addresses-per-pod for more addresses)");
                }
            }
        }
    }

    /** The pod's gateway lies inside the prefix of every address the pools of its family can give, and is none of them. */
    private static void checkPoolGateway(
            AddressRequest request, List<CompiledPool> named, String gatewayText, String field)
            throws ContractViolation {
        IPAddress gateway = gatewayAddress(field, gatewayText);
        List<CompiledPool> served = named.stream()
                .filter(p -> p.space().isIPv4() == gateway.isIPv4())
                .toList();
        if (served.isEmpty()) {
            throw new ContractViolation(
                    field,
                    gatewayText,
                    "is " + NextHops.family(gateway) + " but pool " + String.join(",", request.pools()) + " gives no "
                            + NextHops.family(gateway) + " address");
        }
        for (CompiledPool pool : served) {
            if (pool.space().contains(gateway)) {
                throw new ContractViolation(
                        field,
                        gatewayText,
                        "is an address of pool " + pool.name()
                                + ", which may give it to a pod: a gateway must not be one of the pool's addresses");
            }
            int prefix = prefixFor(request, pool, gateway);
            String where = "pool " + pool.name() + "'s addresses";
            NextHops.check(field, gateway, pool.space().at(0), prefix, where);
            NextHops.check(field, gateway, pool.space().at(pool.space().size() - 1), prefix, where);
        }
    }

    /** The gateway of an explicit list: inside the prefix of every listed address of its family, and none of them. */
    private static void checkListGateway(
            AddressRequest request, Map<IPAddress, CompiledPool> poolOfListed, String gatewayText, String field)
            throws ContractViolation {
        IPAddress gateway = gatewayAddress(field, gatewayText);
        List<IPAddress> served = request.explicit().stream()
                .filter(a -> a.isIPv4() == gateway.isIPv4())
                .toList();
        if (served.isEmpty()) {
            throw new ContractViolation(
                    field,
                    gatewayText,
                    "is " + NextHops.family(gateway) + " but " + request.explicitSource() + " lists no "
                            + NextHops.family(gateway) + " address");
        }
        for (IPAddress a : served) {
            NextHops.check(field, gateway, a, prefixFor(request, poolOfListed.get(a), gateway));
        }
    }

    private static int prefixFor(AddressRequest request, CompiledPool pool, IPAddress gateway) {
        int bits = gateway.isIPv4() ? 32 : 128;
        if (request.prefixLength().isPresent() && request.prefixLength().getAsInt() <= bits) {
            return request.prefixLength().getAsInt();
        }
        return pool.space().isIPv4() == gateway.isIPv4() ? Math.min(pool.prefixLength(), bits) : bits;
    }

    private static IPAddress gatewayAddress(String field, String text) throws ContractViolation {
        return Addresses.parse(text).orElseThrow(() -> new ContractViolation(field, text, "is not an IP address"));
    }

    private static String gatewayField(AddressRequest request, CompiledPool pool) {
        return request.gateway().isPresent() ? Annotations.KUBE_IPAM_GATEWAY : "spec.gateway of pool " + pool.name();
    }

    /** How many slots an explicit list provides (Deployment/StatefulSet replicas it can serve). */
    public static int slotCount(AddressRequest request) throws ContractViolation {
        return groups(request).size();
    }

    /**
     * An explicit list's slot: its addresses and their pools. Every listed address must be in a pool
     * the workload may use; all that are not are named (the slot's own first, then the list's order).
     */
    private static Checked<SlotPlan> explicit(
            AddressRequest request, WorkloadRef workload, int slot, PoolCatalog catalog, List<CompiledPool> named)
            throws ContractViolation {
        List<List<IPAddress>> groups = groups(request);
        if (slot >= groups.size()) {
            throw new ContractViolation(
                    request.explicitSource(),
                    joined(request.explicit()),
                    "has addresses for " + groups.size() + " pod(s); slot " + slot + " of " + workload + " has none");
        }
        Checked.Errors errors = new Checked.Errors();
        Map<IPAddress, CompiledPool> poolOfListed = new LinkedHashMap<>();
        for (IPAddress a : groups.get(slot)) {
            poolOfListed.put(a, errors.take(() -> poolOf(request, a, workload.namespace(), catalog, named), null));
        }
        for (IPAddress a : request.explicit()) {
            if (!poolOfListed.containsKey(a)) {
                poolOfListed.put(a, errors.take(() -> poolOf(request, a, workload.namespace(), catalog, named), null));
            }
        }
        if (errors.any()) {
            return errors.result(() -> null);
        }
        List<String> addresses =
                groups.get(slot).stream().map(Addresses::canonical).toList();
        List<String> pools =
                groups.get(slot).stream().map(a -> poolOfListed.get(a).name()).toList();
        CompiledPool first = poolOfListed.get(groups.get(slot).getFirst());
        List<String> held =
                request.explicit().stream().map(Addresses::canonical).toList();
        OptionalInt prefix =
                request.prefixLength().isPresent() ? request.prefixLength() : OptionalInt.of(first.prefixLength());
        Optional<String> gw = request.gateway()
                .map(Addresses::canonical)
                .or(() -> Optional.ofNullable(first.spec().getGateway()));
        if (gw.isPresent()) {
            checkListGateway(request, poolOfListed, gw.get(), gatewayField(request, first));
        }
        return Checked.valid(
                new SlotPlan.Explicit(workload, slot, addresses, pools, held, prefix, gw, request.explicitSource()));
    }

    private static List<List<IPAddress>> groups(AddressRequest request) throws ContractViolation {
        List<IPAddress> all = request.explicit();
        List<List<IPAddress>> groups = new ArrayList<>();
        if (request.perPod().isPresent()) {
            int n = request.perPod().getAsInt();
            if (all.size() % n != 0) {
                throw new ContractViolation(
                        request.explicitSource(),
                        joined(all),
                        "has " + all.size() + " addresses, not a multiple of " + Annotations.ADDRESSES_PER_POD + " "
                                + n);
            }
            for (int i = 0; i < all.size(); i += n) {
                groups.add(all.subList(i, i + n));
            }
            return groups;
        }
        List<IPAddress> v4 = all.stream().filter(IPAddress::isIPv4).toList();
        List<IPAddress> v6 = all.stream().filter(IPAddress::isIPv6).toList();
        if (!v4.isEmpty() && !v6.isEmpty() && v4.size() != v6.size()) {
            throw new ContractViolation(
                    request.explicitSource(),
                    joined(all),
                    "has " + v4.size() + " IPv4 and " + v6.size()
                            + " IPv6 addresses: a dual-stack list needs as many of each");
        }
        int n = Math.max(v4.size(), v6.size());
        for (int i = 0; i < n; i++) {
            List<IPAddress> g = new ArrayList<>(2);
            if (!v4.isEmpty()) {
                g.add(v4.get(i));
            }
            if (!v6.isEmpty()) {
                g.add(v6.get(i));
            }
            groups.add(g);
        }
        return groups;
    }

    private static CompiledPool poolOf(
            AddressRequest request, IPAddress a, String namespace, PoolCatalog catalog, List<CompiledPool> named)
            throws ContractViolation {
        String text = Addresses.canonical(a);
        if (!named.isEmpty()) {
            for (CompiledPool p : named) {
                if (p.space().contains(a)) {
                    return p;
                }
            }
            throw new ContractViolation(
                    request.explicitSource(), text, "is not in pool " + String.join(", ", request.pools()));
        }
        List<CompiledPool> candidates = catalog.containing(a);
        if (candidates.isEmpty()) {
            throw new ContractViolation(request.explicitSource(), text, "is in no IPPool: create a pool that holds it");
        }
        for (CompiledPool p : candidates) {
            if (p.allowsNamespace(namespace) && p.isPodScoped()) {
                return p;
            }
        }
        CompiledPool p = candidates.getFirst();
        if (!p.isPodScoped()) {
            throw nodeScoped(p);
        }
        throw notAllowed(namespace, p);
    }

    private static CompiledPool usablePool(String name, String namespace, PoolCatalog catalog)
            throws ContractViolation {
        Optional<String> broken = catalog.brokenReason(name);
        if (broken.isPresent()) {
            throw new ContractViolation(Annotations.POOL, name, "is invalid: " + broken.get());
        }
        CompiledPool pool =
                catalog.get(name).orElseThrow(() -> new ContractViolation(Annotations.POOL, name, "does not exist"));
        if (!pool.isPodScoped()) {
            throw nodeScoped(pool);
        }
        if (!pool.allowsNamespace(namespace)) {
            throw notAllowed(namespace, pool);
        }
        return pool;
    }

    private static ContractViolation nodeScoped(CompiledPool pool) {
        return new ContractViolation(
                Annotations.POOL, pool.name(), "has scope Node: its addresses go to nodes, not pods");
    }

    private static ContractViolation notAllowed(String namespace, CompiledPool pool) {
        return new ContractViolation(
                "namespace",
                namespace,
                "may not use pool " + pool.name(),
                "namespace " + namespace + " may not use pool " + pool.name());
    }

    private static String joined(List<IPAddress> addresses) {
        return String.join(",", addresses.stream().map(Addresses::canonical).toList());
    }
}
