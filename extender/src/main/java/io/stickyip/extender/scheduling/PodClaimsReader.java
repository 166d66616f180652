package io.stickyip.extender.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.pool.PoolCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pod of a call, as the extender needs it: its addresses with their pools, or why it cannot be placed. */
public final class PodClaimsReader {
    private PodClaimsReader() {}

    /** What a pod tells. */
    public sealed interface Read {
        /** @param claims the pod's addresses and pools */
        record Ok(PodClaims claims) implements Read {}

        /** @param error why no node can be chosen for it, naming the pod and what is missing */
        record Refused(String error) implements Read {}
    }

    public static Read read(Pod pod, PoolCatalog catalog) {
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Optional<ManagedPod> managed = ManagedPod.read(pod);
        if (managed.isEmpty()) {
            return new Read.Refused(NodeFilter.PREFIX + "pod " + name + " requests " + Annotations.EXTENDED_RESOURCE
                    + " but carries no " + Annotations.WORKLOAD + ": the stickyip webhook did not admit it");
        }
        ManagedPod m = managed.get();
        if (!m.complete()) {
            return new Read.Refused(
                    NodeFilter.PREFIX + "pod " + name + " cannot be placed: " + String.join("; ", m.problems()));
        }
        List<PodClaims.Claim> claims = new ArrayList<>();
        for (ManagedPod.ReservedAddress r : m.reserved(catalog)) {
            if (r.pool().isEmpty()) {
                return new Read.Refused(NodeFilter.PREFIX + "pod " + name + " holds " + r.address() + " from "
                        + String.join(", ", m.pools()) + ", but no known IPPool of those holds it");
            }
            claims.add(new PodClaims.Claim(r.address(), r.pool().get()));
        }
        return new Read.Ok(new PodClaims(name, pod.getMetadata().getUid(), claims));
    }
}
