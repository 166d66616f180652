package io.stickyip.core.pool;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;

/**
 * An {@link IPPool} with its address space computed once.
 *
 * @param name  the pool's name
 * @param spec  its spec
 * @param space its usable addresses
 */
public record CompiledPool(String name, IPPoolSpec spec, AddressSpace space) {

    public static CompiledPool of(IPPool pool) throws ContractViolation {
        return new CompiledPool(pool.getMetadata().getName(), pool.getSpec(), AddressSpace.of(pool.getSpec()));
    }

    public boolean allowsNamespace(String namespace) {
        return spec.getNamespaces().isEmpty()
                || spec.getNamespaces().contains(namespace)
                || spec.getNamespaces().contains("*");
    }

    public boolean isPodScoped() {
        return spec.getScope() != IPPoolSpec.Scope.Node;
    }

    /** Prefix length for the address inside the pod: the spec's, else the CIDR's, else a host route. */
    public int prefixLength() {
        if (spec.getPrefixLength() != null) {
            return spec.getPrefixLength();
        }
        String cidr = spec.getCidr();
        if (cidr != null && cidr.contains("/")) {
            return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1).trim());
        }
        return space.isIPv4() ? 32 : 128;
    }
}
