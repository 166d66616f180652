package io.stickyip.core.plumbing;

/**
 * The names and numbers the data plane uses, in one place (docs/dataplane.md explains each).
 * Everything stickyip creates is recognisable by them, so a leak is easy to find.
 */
public final class Layout {
    private Layout() {}

    /** Pod-side interface of the i-th attachment: {@code sip0}, {@code sip1}, ... */
    public static String podInterface(int index) {
        return "sip" + index;
    }

    /** Node-side veth of a routed attachment: {@code sip} + 8 hex digits of the pod id and index. */
    public static String hostVeth(String podId, int index) {
        int h = 0x811c9dc5;
        for (byte b : (podId + "/" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return "sip" + String.format("%08x", h);
    }

    /** Routing table of the i-th attachment inside the pod. */
    public static int table(int index) {
        return TABLE_BASE + index;
    }

    public static final int TABLE_BASE = 100;

    /** Rule priorities inside the pod, all before main (32766). */
    public static final int PRIO_KEEP_ON_ETH0 = 1000;

    public static final int PRIO_CLUSTER_SOURCE = 1010;
    public static final int PRIO_FIXED_SOURCE = 1020;
    public static final int PRIO_EGRESS = 1030;

    /** Routed mode: the node-side veth's MAC and the pod's next hops that resolve to it (as Calico does). */
    public static final String ROUTED_HOST_MAC = "ee:ee:ee:ee:ee:ee";

    public static final String ROUTED_GATEWAY_V4 = "169.254.1.1";
    /** The EUI-64 link-local address of {@link #ROUTED_HOST_MAC}: the veth has it as soon as it is up. */
    public static final String ROUTED_GATEWAY_V6 = "fe80::ecee:eeff:feee:eeee";

    public static String routedGateway(Family f) {
        return f == Family.V4 ? ROUTED_GATEWAY_V4 : ROUTED_GATEWAY_V6;
    }
}
