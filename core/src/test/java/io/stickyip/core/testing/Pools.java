package io.stickyip.core.testing;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.AddressSpace;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.Dns;
import io.stickyip.core.pool.v1alpha1.DnsOption;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tests' IPPools and their specs in one line. The one place outside core's provider lookup tests that names a
 * provider type: a test asks for {@link #staticPod}, {@link #awsNode}, {@link #aws} and so on.
 */
public class Pools {
    protected Pools() {}

    public static IPPoolSpec spec(String cidr) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setCidr(cidr);
        return spec;
    }

    public static IPPool pool(String name, String cidr) {
        return pool(name, cidr, s -> {});
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

    /** A pod-level pool over {@code cidr} whose provider says {@code static} in so many words. */
    public static IPPool staticPod(String name, String cidr) {
        return pool(name, cidr, s -> {
            s.setScope(IPPoolSpec.Scope.Pod);
            s.setProvider(staticProvider());
        });
    }

    /** A node-level pool over {@code cidr} whose provider says {@code static} in so many words. */
    public static IPPool staticNode(String name, String cidr) {
        return pool(name, cidr, s -> {
            s.setScope(IPPoolSpec.Scope.Node);
            s.setProvider(staticProvider());
        });
    }

    public static IPPool awsPod(String name, String filter, List<String> ranges) {
        return awsPod(name, filter, ranges, s -> {});
    }

    /** A pod-level aws pool over the public addresses {@code ranges} (the EIPs' public IPs), EIPs chosen by {@code filter}. */
    public static IPPool awsPod(String name, String filter, List<String> ranges, Consumer<IPPoolSpec> customize) {
        return pool(name, null, s -> {
            s.setScope(IPPoolSpec.Scope.Pod);
            s.setRanges(ranges);
            s.setProvider(aws(filter));
            customize.accept(s);
        });
    }

    /** A node-level aws pool with neither cidr nor ranges: its addresses are the EIPs {@code filter} selects. */
    public static IPPool awsNode(String name, String filter, Consumer<IPPoolSpec> customize) {
        return pool(name, null, s -> {
            s.setScope(IPPoolSpec.Scope.Node);
            s.setProvider(aws(filter));
            customize.accept(s);
        });
    }

    /** Provider {@code static}, written out (a pool without a provider is static as well). */
    public static Provider staticProvider() {
        return provider(Provider.Type.STATIC);
    }

    /** Provider {@code aws} with KubeIP's FILTER ({@code null}: none). */
    public static Provider aws(String filter) {
        return aws(filter, null);
    }

    /** Provider {@code aws} with KubeIP's FILTER and ORDER_BY ({@code null}: none). */
    public static Provider aws(String filter, String orderBy) {
        Provider p = provider(Provider.Type.AWS);
        p.setFilter(filter);
        p.setOrderBy(orderBy);
        return p;
    }

    /** A provider whose type is unset ({@code type: null}), which validation refuses. */
    public static Provider untypedProvider() {
        return provider(null);
    }

    private static Provider provider(Provider.Type type) {
        Provider p = new Provider();
        p.setType(type);
        return p;
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
        } catch (ContractViolation e) {
            throw new IllegalArgumentException(e);
        }
    }
}
