package io.stickyip.agent.cloud;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.cloud.aws.AddressFilter;
import io.stickyip.core.cloud.aws.AwsPoolSettings;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.provider.AddressProvider;
import io.stickyip.core.provider.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One address of a pod from a {@code scope: Pod}, {@code provider.type: aws} pool: the Elastic IP whose public
 * address the webhook wrote on the pod, looked up among the EIPs matching the pool's filter.
 *
 * @param pool     the pool's name
 * @param filter   the pool's DescribeAddresses filter
 * @param publicIp the pod's address (the EIP's public IP)
 * @param owner    the workload slot holding it ({@code namespace/kind/name/slot}): the EIP's {@code stickyip.io/owner},
 *                 the same for every pod of the slot, so a recreated pod finds its binding
 */
public record CloudAddress(String pool, AddressFilter filter, String publicIp, String owner) {

    /** Whether the pool is one whose pod addresses the cloud side makes live. */
    public static boolean isCloudPool(CompiledPool pool) {
        return pool.isPodScoped()
                && Providers.of(pool.spec()).binding(IPPoolSpec.Scope.Pod) == AddressProvider.Binding.CLOUD;
    }

    /**
     * The pod's addresses from aws pod pools (pure), in the pod's order; empty when it has none or its contract is
     * incomplete (the agent's {@code PodIntent} says why then).
     *
     * @throws ContractViolation a pool's filter does not parse (admission refuses such pools; named with the pool)
     */
    public static List<CloudAddress> of(Pod pod, PoolCatalog catalog) throws ContractViolation {
        Optional<ManagedPod> read = ManagedPod.read(pod);
        if (read.isEmpty() || !read.get().complete()) {
            return List.of();
        }
        ManagedPod mp = read.get();
        String owner = mp.workload().key() + "/" + mp.slot().getAsInt();
        List<CloudAddress> out = new ArrayList<>();
        for (ManagedPod.ReservedAddress r : mp.reserved(catalog)) {
            Optional<CompiledPool> pool = r.pool().flatMap(catalog::get);
            if (pool.isPresent() && isCloudPool(pool.get())) {
                AddressFilter filter =
                        AwsPoolSettings.of(pool.get().spec().getProvider()).filter();
                out.add(new CloudAddress(pool.get().name(), filter, r.address(), owner));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return publicIp + " (pool " + pool + ", " + owner + ")";
    }
}
