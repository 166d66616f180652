package io.stickyip.core.plumbing;

import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.util.HashSet;
import java.util.Set;

/** What makes a request unplannable, as a sentence naming the value and the rule; null when it is fine. */
final class PlumbingRequestCheck {
    private PlumbingRequestCheck() {}

    static final int MAX_ATTACHMENTS = 8;

    static String refusal(PlumbingRequest r) {
        if (r.attachments().isEmpty()) {
            return "pod " + r.podId() + " has no fixed addresses to plumb";
        }
        if (r.attachments().size() > MAX_ATTACHMENTS) {
            return "pod " + r.podId() + " has addresses from " + r.attachments().size() + " pools; at most "
                    + MAX_ATTACHMENTS + " are supported";
        }
        if (r.pod().equals(r.node())) {
            return "the pod's netns " + r.pod().path() + " is the node's own";
        }
        Set<String> seen = new HashSet<>();
        for (PodAttachment a : r.attachments()) {
            String bad = refusal(r, a, seen);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static String refusal(PlumbingRequest r, PodAttachment a, Set<String> seen) {
        String pool = "pool " + a.pool() + ": ";
        if (a.addresses().isEmpty()) {
            return pool + "no addresses";
        }
        for (IpPrefix addr : a.addresses()) {
            if (!seen.add(addr.address())) {
                return pool + "address " + addr.address() + " is listed twice for pod " + r.podId();
            }
        }
        if (a.mode() != Mode.ROUTED && blank(a.master()) && blank(r.lanInterface())) {
            return pool + a.mode().wireName()
                    + " needs a master interface (attachment.master) and the node has no LAN interface";
        }
        if (a.mode() == Mode.ROUTED && blank(r.lanInterface())) {
            return pool + "routed needs the node's LAN interface to answer for the addresses";
        }
        if (a.gateway() != null) {
            Family gf = IpPrefix.host(a.gateway()).family();
            boolean onSubnet =
                    a.addresses().stream().anyMatch(x -> x.family() == gf && x.contains(IpPrefix.host(a.gateway())));
            if (a.addresses().stream().noneMatch(x -> x.family() == gf)) {
                return pool + "gateway " + a.gateway() + " is " + gf + " but the pod has no " + gf
                        + " address from this pool";
            }
            if (a.mode() != Mode.ROUTED && !onSubnet) {
                return pool + "gateway " + a.gateway() + " is outside the addresses' subnet "
                        + a.addresses().getFirst().network();
            }
        }
        for (PoolRoute route : a.routes()) {
            Family rf = route.dst().family();
            if (a.addresses().stream().noneMatch(x -> x.family() == rf)) {
                return pool + "route " + route.dst() + " is " + rf + " but the pod has no " + rf
                        + " address from this pool";
            }
            if (route.via() != null && IpPrefix.host(route.via()).family() != rf) {
                return pool + "route " + route.dst() + " via " + route.via() + " mixes address families";
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
