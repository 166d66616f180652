package io.stickyip.core.provider;

import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;

/**
 * {@code provider: static}: addresses routed to the nodes (bare metal, a routed additional IP). A node pool's
 * candidates are its own addresses, bound by the node's agent; no cloud, no audit, no
 * settings beyond the type.
 */
public record StaticProvider() implements AddressProvider {

    @Override
    public Provider.Type type() {
        return Provider.Type.STATIC;
    }

    @Override
    public Candidates nodeCandidates() {
        return Candidates.POOL_SPACE;
    }

    @Override
    public Binding binding(IPPoolSpec.Scope scope) {
        return Binding.ROUTED;
    }

    @Override
    public boolean audited() {
        return false;
    }

    @Override
    public void check(Provider settings) {
        // nothing but the type, which the pool's validation reads
    }
}
