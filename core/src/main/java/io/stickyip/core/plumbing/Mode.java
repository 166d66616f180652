package io.stickyip.core.plumbing;

import java.util.Locale;

/** How the fixed address reaches the pod: the IPPool's {@code attachment.mode}. */
public enum Mode {
    /** A macvlan (bridge mode) on the pool's master interface: the pod is a host on the LAN. */
    MACVLAN,
    /** An ipvlan (L2) on the master: like macvlan, sharing the master's MAC. Needs the kernel's ipvlan. */
    IPVLAN,
    /** A veth pair: the node routes the address to the pod and answers for it on the LAN (proxy ARP/NDP). */
    ROUTED;

    /** {@code macvlan}, {@code ipvlan} or {@code routed}, any case. */
    public static Mode parse(String text) {
        if (text != null) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("attachment mode '" + text + "' is not one of macvlan, ipvlan, routed");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
