package io.stickyip.core.pool;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.stickyip.core.pool.v1alpha1.Dns;
import io.stickyip.core.pool.v1alpha1.DnsOption;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;

import java.util.List;
import java.util.function.Consumer;

/** Test fixtures: IPPools and their specs in one line. */
public final class Pools {
    private Pools() { }

    public static IPPoolSpec spec(String cidr) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setCidr(cidr);
        return spec;
    }

    public static IPPool pool(String name, String cidr) {
        return pool(name, cidr, s -> { });
    }

    public static IPPool pool(String name, String cidr, Consumer<IPPoolSpec> customize) {
        IPPool pool = new IPPool();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        pool.setMetadata(meta);
        IPPoolSpec spec = spec(cidr);
        customize.accept(spec);
        pool.setSpec(spec);
        return pool;
    }

    /** A pool's spec.dns. */
    public static Dns dns(List<String> nameservers, List<String> search, DnsOption... options) {
        Dns d = new Dns();
        d.setNameservers(nameservers);
        d.setSearch(search);
        d.setOptions(List.of(options));
        return d;
    }

    public static PoolCatalog catalog(IPPool... pools) {
        return PoolCatalog.of(List.of(pools));
    }

    public static AddressSpace space(String cidr) {
        try {
            return AddressSpace.of(spec(cidr));
        } catch (io.stickyip.core.contract.ContractViolation e) {
            throw new IllegalArgumentException(e);
        }
    }
}
