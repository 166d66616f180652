package io.stickyip.core.admission;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.AddressRequest;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.workload.WorkloadRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Decides what a slot claims, and checks pools and namespaces; pure. */
public final class SlotPlanner {
    private SlotPlanner() { }

    public static SlotPlan plan(AddressRequest request, WorkloadRef workload, int slot, PoolCatalog catalog)
            throws ContractViolation {
        List<CompiledPool> named = new ArrayList<>();
        for (String name : request.pools()) {
            named.add(usablePool(name, workload.namespace(), catalog));
        }
        Optional<String> gateway = request.gateway().map(Addresses::canonical);
        if (request.hasExplicitAddresses()) {
            return explicit(request, workload, slot, catalog, named, gateway);
        }
        int perPool = request.perPod().orElse(1);
        OptionalInt prefix = request.prefixLength().isPresent() ? request.prefixLength()
                : OptionalInt.of(named.getFirst().prefixLength());
        Optional<String> gw = gateway.or(() -> Optional.ofNullable(named.getFirst().spec().getGateway()));
        return new SlotPlan.FromPools(workload, slot, List.copyOf(named), perPool, prefix, gw);
    }

    /** How many slots an explicit list provides (Deployment/StatefulSet replicas it can serve). */
    public static int slotCount(AddressRequest request) throws ContractViolation {
        return groups(request).size();
    }

    private static SlotPlan explicit(AddressRequest request, WorkloadRef workload, int slot, PoolCatalog catalog,
                                     List<CompiledPool> named, Optional<String> gateway) throws ContractViolation {
        List<List<IPAddress>> groups = groups(request);
        if (slot >= groups.size()) {
            throw new ContractViolation(request.explicitSource(), joined(request.explicit()),
                    "has addresses for " + groups.size() + " pod(s); slot " + slot + " of " + workload + " has none");
        }
        List<String> addresses = new ArrayList<>();
        List<String> pools = new ArrayList<>();
        CompiledPool first = null;
        for (IPAddress a : groups.get(slot)) {
            CompiledPool pool = poolOf(request, a, workload.namespace(), catalog, named);
            first = first == null ? pool : first;
            addresses.add(Addresses.canonical(a));
            pools.add(pool.name());
        }
        for (IPAddress a : request.explicit()) {
            poolOf(request, a, workload.namespace(), catalog, named); // every listed address must be allowed
        }
        List<String> held = request.explicit().stream().map(Addresses::canonical).toList();
        OptionalInt prefix = request.prefixLength().isPresent() ? request.prefixLength() : OptionalInt.of(first.prefixLength());
        CompiledPool gwPool = first;
        Optional<String> gw = gateway.or(() -> Optional.ofNullable(gwPool.spec().getGateway()));
        return new SlotPlan.Explicit(workload, slot, addresses, pools, held, prefix, gw);
    }

    private static List<List<IPAddress>> groups(AddressRequest request) throws ContractViolation {
        List<IPAddress> all = request.explicit();
        List<List<IPAddress>> groups = new ArrayList<>();
        if (request.perPod().isPresent()) {
            int n = request.perPod().getAsInt();
            if (all.size() % n != 0) {
                throw new ContractViolation(request.explicitSource(), joined(all),
                        "has " + all.size() + " addresses, not a multiple of " + Annotations.ADDRESSES_PER_POD + " " + n);
            }
            for (int i = 0; i < all.size(); i += n) {
                groups.add(all.subList(i, i + n));
            }
            return groups;
        }
        List<IPAddress> v4 = all.stream().filter(IPAddress::isIPv4).toList();
        List<IPAddress> v6 = all.stream().filter(IPAddress::isIPv6).toList();
        if (!v4.isEmpty() && !v6.isEmpty() && v4.size() != v6.size()) {
            throw new ContractViolation(request.explicitSource(), joined(all),
                    "has " + v4.size() + " IPv4 and " + v6.size() + " IPv6 addresses: a dual-stack list needs as many of each");
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

    private static CompiledPool poolOf(AddressRequest request, IPAddress a, String namespace, PoolCatalog catalog,
                                       List<CompiledPool> named) throws ContractViolation {
        String text = Addresses.canonical(a);
        if (!named.isEmpty()) {
            for (CompiledPool p : named) {
                if (p.space().contains(a)) {
                    return p;
                }
            }
            throw new ContractViolation(request.explicitSource(), text,
                    "is not in pool " + String.join(", ", request.pools()));
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

    private static CompiledPool usablePool(String name, String namespace, PoolCatalog catalog) throws ContractViolation {
        Optional<String> broken = catalog.brokenReason(name);
        if (broken.isPresent()) {
            throw new ContractViolation(Annotations.POOL, name, "is invalid: " + broken.get());
        }
        CompiledPool pool = catalog.get(name).orElseThrow(
                () -> new ContractViolation(Annotations.POOL, name, "does not exist"));
        if (!pool.isPodScoped()) {
            throw nodeScoped(pool);
        }
        if (!pool.allowsNamespace(namespace)) {
            throw notAllowed(namespace, pool);
        }
        return pool;
    }

    private static ContractViolation nodeScoped(CompiledPool pool) {
        return new ContractViolation(Annotations.POOL, pool.name(),
                "has scope Node: its addresses go to nodes, not pods");
    }

    private static ContractViolation notAllowed(String namespace, CompiledPool pool) {
        return new ContractViolation("namespace", namespace, "may not use pool " + pool.name(),
                "namespace " + namespace + " may not use pool " + pool.name());
    }

    private static String joined(List<IPAddress> addresses) {
        return String.join(",", addresses.stream().map(Addresses::canonical).toList());
    }
}
