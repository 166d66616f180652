package io.stickyip.core.contract;

/** The annotation keys of the user-facing contract (DESIGN.md, "Contract"). */
public final class Annotations {
    private Annotations() {}

    public static final String PREFIX = "stickyip.io/";

    /** Read: give each pod an address from this pool (comma list: one pool per address family). */
    public static final String POOL = PREFIX + "pool";
    /** Read: these exact addresses, one per replica; v4 and v6 may be mixed. */
    public static final String IP = PREFIX + "ip";
    /** Read: each pod takes N addresses. */
    public static final String ADDRESSES_PER_POD = PREFIX + "addresses-per-pod";

    /** Read, kube-ipam compatibility: fixed address(es). */
    public static final String KUBE_IPAM_IP = "kube-ipam.ip";
    /** Read, kube-ipam compatibility: prefix length or dotted netmask. */
    public static final String KUBE_IPAM_NETMASK = "kube-ipam.netmask";
    /** Read, kube-ipam compatibility: gateway address. */
    public static final String KUBE_IPAM_GATEWAY = "kube-ipam.gateway";

    /** Written by the webhook: the reserved addresses, comma-separated, in order. */
    public static final String RESERVED_IP = PREFIX + "reserved-ip";
    /** Written by the webhook: the pool(s) the addresses came from. */
    public static final String RESERVED_POOL = PREFIX + "reserved-pool";
    /** Written by the webhook: the owning workload key ({@code namespace/kind/name}). */
    public static final String WORKLOAD = PREFIX + "workload";
    /** Written by the webhook: the slot within the workload. */
    public static final String SLOT = PREFIX + "slot";
    /**
     * Written by the webhook: the claim token of the pod's slot (the admission's uid), by which
     * the slot's occupant in the store is bound to the pod once the pod exists.
     */
    public static final String CLAIM = PREFIX + "claim";
    /** Written by the webhook: prefix length of the pod address (kube-ipam.netmask or the pool's). */
    public static final String PREFIX_LENGTH = PREFIX + "prefix-length";
    /** Written by the webhook: the gateway for the pod (kube-ipam.gateway or the pool's). */
    public static final String GATEWAY = PREFIX + "gateway";

    /**
     * Written by the webhook: its signature over the other written annotations, the pod's namespace and
     * the admission's uid ({@link ReservationSeal}), which the agents verify before they act on the pod.
     */
    public static final String SEAL = PREFIX + "seal";

    /** Every annotation stickyip alone writes on a pod, the seal last: a pod that carries one was reviewed or forged. */
    public static final java.util.List<String> WRITTEN =
            java.util.List.of(RESERVED_IP, RESERVED_POOL, WORKLOAD, SLOT, CLAIM, PREFIX_LENGTH, GATEWAY, SEAL);

    /** Label written by the webhook so informers can select managed pods cheaply. */
    public static final String MANAGED_LABEL = PREFIX + "managed";

    /** Readiness gate / pod condition set by the agent when the address is live. */
    public static final String READY_CONDITION = PREFIX + "ip-ready";
    /** Extended resource that routes the pod through the scheduler extender. */
    public static final String EXTENDED_RESOURCE = PREFIX + "ip";

    /** True if the pod carries any annotation that asks for a fixed address. */
    public static boolean requestsFixedAddress(java.util.Map<String, String> annotations) {
        return annotations != null
                && (annotations.containsKey(POOL)
                        || annotations.containsKey(IP)
                        || annotations.containsKey(KUBE_IPAM_IP));
    }
}
