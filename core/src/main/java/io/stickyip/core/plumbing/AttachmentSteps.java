package io.stickyip.core.plumbing;

import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The steps of one attachment (one pool's addresses on one pod interface), grouped by phase. */
final class AttachmentSteps {

    private final PlumbingRequest request;
    private final PodAttachment a;
    private final String podIf;
    private final String hostIf;
    private final int table;
    private final boolean routed;

    AttachmentSteps(PlumbingRequest request, PodAttachment attachment, int index) {
        this.request = request;
        this.a = attachment;
        this.podIf = Layout.podInterface(index);
        this.hostIf = Layout.hostVeth(request.podId(), index);
        this.table = Layout.table(index);
        this.routed = attachment.mode() == Mode.ROUTED;
    }

    Set<Family> families() {
        Set<Family> out = new LinkedHashSet<>();
        a.addresses().forEach(x -> out.add(x.family()));
        return out;
    }

    boolean hasDefaultRoute(Family f) {
        return families().contains(f) && (routed || gateway(f) != null);
    }

    List<Step> links() {
        Netns node = request.node();
        Netns pod = request.pod();
        String master = a.master() == null || a.master().isBlank() ? request.lanInterface() : a.master();
        return switch (a.mode()) {
            case MACVLAN -> List.of(new Step.Macvlan(node, master, pod, podIf));
            case IPVLAN -> List.of(new Step.Ipvlan(node, master, pod, podIf));
            case ROUTED -> List.of(new Step.Veth(node, hostIf, Layout.ROUTED_HOST_MAC, pod, podIf));
        };
    }

    /** Sysctls, addresses, links up. */
    List<Step> interfaceConfig() {
        List<Step> out = new ArrayList<>();
        Netns pod = request.pod();
        if (routed) {
            out.addAll(nodeForwarding());
        }
        if (families().contains(Family.V6)) {
            out.add(new Step.Sysctl(pod, "net.ipv6.conf." + podIf + ".accept_ra", "0"));
            if (routed) {
                // the node resolves the pod's address from the veth's link-local: no DAD wait before the first packet
                out.add(new Step.Sysctl(request.node(), "net.ipv6.conf." + hostIf + ".accept_dad", "0"));
            }
        }
        for (IpPrefix addr : a.addresses()) {
            out.add(new Step.Address(pod, podIf, routed ? addr.asHost() : addr));
        }
        if (routed) {
            out.add(new Step.LinkUp(request.node(), hostIf));
        }
        out.add(new Step.LinkUp(pod, podIf));
        return out;
    }

    private List<Step> nodeForwarding() {
        Netns node = request.node();
        String lan = request.lanInterface();
        List<Step> out = new ArrayList<>();
        if (families().contains(Family.V4)) {
            out.add(new Step.Sysctl(node, "net.ipv4.ip_forward", "1"));
            out.add(new Step.Sysctl(node, "net.ipv4.neigh." + lan + ".proxy_delay", "0"));
        }
        if (families().contains(Family.V6)) {
            out.add(new Step.Sysctl(node, "net.ipv6.conf.all.forwarding", "1"));
            out.add(new Step.Sysctl(node, "net.ipv6.conf." + lan + ".proxy_ndp", "1"));
            out.add(new Step.Sysctl(node, "net.ipv6.neigh." + lan + ".proxy_delay", "0"));
        }
        return out;
    }

    /** Next hops, the attachment's table, and (routed) the node's host routes. */
    List<Step> routes() {
        List<Step> out = new ArrayList<>();
        Netns pod = request.pod();
        for (Family f : families()) {
            String src = firstAddress(f).address();
            if (routed) {
                String gw = Layout.routedGateway(f);
                out.add(new Step.Neighbour(pod, podIf, gw, Layout.ROUTED_HOST_MAC));
                out.add(new Step.Route(pod, anyPrefix(f), gw, podIf, src, table, f == Family.V4));
            } else {
                for (IpPrefix net : networks(f)) {
                    out.add(new Step.Route(pod, net, null, podIf, src, table, false));
                }
                if (gateway(f) != null) {
                    out.add(new Step.Route(pod, anyPrefix(f), gateway(f), podIf, src, table, false));
                }
            }
            for (PoolRoute r : a.routes()) {
                if (r.dst().family() == f) {
                    out.add(poolRoute(r, src));
                }
            }
        }
        if (routed) {
            for (IpPrefix addr : a.addresses()) {
                out.add(new Step.Route(request.node(), addr.asHost(), null, hostIf, null, 0, false));
            }
        }
        return out;
    }

    private Step poolRoute(PoolRoute r, String src) {
        Family f = r.dst().family();
        if (routed) {
            return new Step.Route(
                    request.pod(), r.dst().network(), Layout.routedGateway(f), podIf, src, table, f == Family.V4);
        }
        String via = r.via() != null ? r.via() : gateway(f);
        return new Step.Route(request.pod(), r.dst().network(), via, podIf, src, table, false);
    }

    /** From each fixed address, look up the attachment's table: replies leave the way they came. */
    List<Step> sourceRules() {
        List<Step> out = new ArrayList<>();
        for (IpPrefix addr : a.addresses()) {
            out.add(new Step.Rule(request.pod(), addr.family(), Layout.PRIO_FIXED_SOURCE, addr.asHost(), null, table));
        }
        return out;
    }

    /** Routed: the node answers for the addresses on the LAN. Then announce each address. */
    List<Step> proxiesAndAnnouncements() {
        List<Step> out = new ArrayList<>();
        for (IpPrefix addr : a.addresses()) {
            if (routed) {
                out.add(new Step.NeighbourProxy(request.node(), request.lanInterface(), addr.asHost()));
            }
        }
        for (IpPrefix addr : a.addresses()) {
            out.add(
                    routed
                            ? new Step.Announce(request.node(), request.lanInterface(), addr.asHost())
                            : new Step.Announce(request.pod(), podIf, addr.asHost()));
        }
        return out;
    }

    private String gateway(Family f) {
        return a.gateway() != null && IpPrefix.host(a.gateway()).family() == f ? a.gateway() : null;
    }

    private IpPrefix firstAddress(Family f) {
        return a.addresses().stream().filter(x -> x.family() == f).findFirst().orElseThrow();
    }

    private List<IpPrefix> networks(Family f) {
        Set<IpPrefix> out = new LinkedHashSet<>();
        a.addresses().stream().filter(x -> x.family() == f).forEach(x -> out.add(x.network()));
        return List.copyOf(out);
    }

    private static IpPrefix anyPrefix(Family f) {
        return IpPrefix.parse(f.anyPrefix());
    }
}
