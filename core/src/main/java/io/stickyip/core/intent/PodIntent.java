package io.stickyip.core.intent;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.contract.ManagedPod;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.PodAttachment;
import io.stickyip.core.plumbing.PoolAttachments;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.provider.AddressProvider;
import io.stickyip.core.provider.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this node's agent should do about one pod, from the pod, the pools and what the pod's author cannot
 * write (pure): plumb its addresses, release them, or tell the pod why it cannot. A pod whose reservation
 * stickyip did not make ({@link ReservationCheck}) is {@link Invalid}: never claimed, never plumbed.
 */
public sealed interface PodIntent {

    /** Not (or no longer) this node's to plumb: deleted, terminating, finished, elsewhere, or not managed. */
    record Release(String why) implements PodIntent {}

    /** Make these addresses live, one attachment per pool, in the pod's order. */
    record Plumb(List<String> addresses, List<PodAttachment> attachments) implements PodIntent {
        public Plumb {
            addresses = List.copyOf(addresses);
            attachments = List.copyOf(attachments);
        }
    }

    /** The pod asks for something this agent cannot do; {@code reason} is the condition's reason word. */
    record Invalid(String reason, String message) implements PodIntent {}

    String INVALID_CONTRACT = "InvalidAnnotations";
    String UNKNOWN_POOL = "UnknownPool";
    String PROVIDER = "ProviderNotOnNode";
    String HOST_NETWORK = "HostNetwork";
    /** The node's agent Lease lists as many addresses as it may ({@code AgentLeases.MAX_ATTACHED}). */
    String NODE_FULL = "NodeFull";

    /**
     * @param node       this node's name
     * @param trust      what the reservation is checked against ({@link ReservationCheck})
     * @param keepOnEth0 the cluster's pod and service CIDRs
     */
    static PodIntent of(
            Pod pod, String node, ReservationCheck.Trust trust, PoolCatalog catalog, List<IpPrefix> keepOnEth0) {
        return of(pod, node, trust, catalog, keepOnEth0, false);
    }

    /**
     * @param cloudSide whether this agent binds pod-level aws addresses (a cloud client, and an EC2 instance under
     *                  its node): then such a pool's attachment is planned here, with the public addresses, and the
     *                  reconcile turns it into a routed one with the private addresses once they are bound
     */
    static PodIntent of(
            Pod pod,
            String node,
            ReservationCheck.Trust trust,
            PoolCatalog catalog,
            List<IpPrefix> keepOnEth0,
            boolean cloudSide) {
        String why = notOurs(pod, node);
        if (why != null) {
            return new Release(why);
        }
        Optional<ManagedPod> read = ManagedPod.read(pod);
        if (read.isEmpty()
                || read.get().addresses().isEmpty() && read.get().problems().isEmpty()) {
            return new Release("the pod has no reserved address");
        }
        ManagedPod mp = read.get();
        Optional<Invalid> unsealed = ReservationCheck.seal(pod, trust.keys());
        if (unsealed.isPresent()) {
            return unsealed.get();
        }
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return new Invalid(
                    HOST_NETWORK,
                    "the pod uses the node's network (hostNetwork: true): a pod address needs the pod's own network namespace");
        }
        if (!mp.complete()) {
            return new Invalid(
                    INVALID_CONTRACT,
                    String.join(
                            "; ",
                            mp.problems().isEmpty()
                                    ? List.of("the pod has no slot or no reserved address")
                                    : mp.problems()));
        }
        return switch (ReservationCheck.pools(pod, mp, trust, catalog)) { // the seal passed above
            case ReservationCheck.Result.Refused r -> r.why();
            case ReservationCheck.Result.Passed p -> plumb(mp, p.byPool(), keepOnEth0, cloudSide);
        };
    }

    /** One attachment per pool, in the pod's order; or why a pool's provider cannot be plumbed here. */
    private static PodIntent plumb(
            ManagedPod mp, Map<CompiledPool, List<String>> byPool, List<IpPrefix> keepOnEth0, boolean cloudSide) {
        List<PodAttachment> attachments = new ArrayList<>();
        for (Map.Entry<CompiledPool, List<String>> e : byPool.entrySet()) {
            String provider = providerProblem(e.getKey(), cloudSide);
            if (provider != null) {
                return new Invalid(PROVIDER, provider);
            }
            attachments.add(PoolAttachments.of(e.getKey(), e.getValue(), mp.prefixLength(), mp.gateway(), keepOnEth0));
        }
        return new Plumb(mp.addresses(), attachments);
    }

    /** Why the pod is not one to plumb on {@code node}, or null if it is. */
    private static String notOurs(Pod pod, String node) {
        if (pod.getSpec() == null || !node.equals(pod.getSpec().getNodeName())) {
            return "the pod is not bound to " + node;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "the pod is terminating";
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return "the pod has finished (" + phase + ")";
        }
        return null;
    }

    private static String providerProblem(CompiledPool pool, boolean cloudSide) {
        IPPoolSpec spec = pool.spec();
        if (pool.isPodScoped() && Providers.of(spec).binding(IPPoolSpec.Scope.Pod) == AddressProvider.Binding.CLOUD) {
            return cloudSide
                    ? null
                    : "pool " + pool.name() + " is provider aws: this agent has no cloud client (STICKYIP_AWS_*)"
                            + " or its node no EC2 instance (spec.providerID aws:///ZONE/i-…)";
        }
        if (!pool.isPodScoped()) {
            return "pool " + pool.name() + " is scope Node: its addresses belong to nodes, not pods";
        }
        return null;
    }
}
