package io.stickyip.core.provider;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;

/**
 * The provider port: what a pool's provider offers, in pure terms. Where a node pool's candidate addresses come
 * from, who binds an address to its holder and releases it, whether the cloud is audited against the store, and
 * how {@code spec.provider}'s settings are checked. A pool picks its provider in one place, {@link Providers#of}.
 * The edges act on the answers: the node-address controller takes candidates and binds (the aws module's EC2
 * adapter, or the agent for routed addresses), the agent's pod cloud binds pod addresses, the audit reconciles.
 * A new provider is one more implementation here and one more case in {@link Providers}.
 */
public sealed interface AddressProvider permits StaticProvider, AwsProvider {

    /** Where a node pool's candidate addresses come from. */
    enum Candidates {
        /** The pool's own {@code cidr}/{@code ranges}, in address order. */
        POOL_SPACE,
        /** What the cloud lists for the pool's filter (the spec may have no addresses at all). */
        CLOUD_LISTING
    }

    /** Who binds an address to its holder, and so who releases it. */
    enum Binding {
        /** Routed to the node: nothing outside the node binds it; the node's agent puts a node address on the node. */
        ROUTED,
        /** Bound in the cloud (an association) before the agent plumbs it; released by undoing the association. */
        CLOUD
    }

    /** The kind as written in {@code spec.provider.type}. */
    Provider.Type type();

    /** Where a {@code scope: Node} pool's candidates come from. */
    Candidates nodeCandidates();

    /** Who binds an address of a pool of this scope. */
    Binding binding(IPPoolSpec.Scope scope);

    /** Whether the cloud audit reconciles this provider's addresses with the store (and writes its pool status). */
    boolean audited();

    /** Checks {@code spec.provider}'s settings for this provider; a bad value is a violation naming its field. */
    void check(Provider settings) throws ContractViolation;
}
