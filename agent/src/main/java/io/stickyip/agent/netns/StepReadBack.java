package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.Step;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a step's result is in the namespaces as read back, and if not, what differs, in words.
 * Sysctls and announcements are not read here: a sysctl is read live by the executor, an announcement
 * leaves nothing to read.
 */
final class StepReadBack {
    private StepReadBack() {}

    /** Empty when the step's result is there; otherwise a sentence naming what is missing or different. */
    static Optional<String> difference(Step step, Map<Netns, NetnsState> states) {
        NetnsState s = states.getOrDefault(step.ns(), NetnsState.empty());
        return switch (step) {
            case Step.Macvlan m -> link(s, m.name(), "macvlan", null, step);
            case Step.Ipvlan i -> link(s, i.name(), "ipvlan", null, step);
            case Step.Veth v ->
                link(s, v.hostName(), "veth", v.hostMac(), step)
                        .or(() -> link(
                                states.getOrDefault(v.pod(), NetnsState.empty()), v.podName(), "veth", null, step));
            case Step.Address a ->
                s.addresses().stream()
                                .anyMatch(x -> x.dev().equals(a.dev())
                                        && x.address().equals(a.address().address())
                                        && x.length() == a.address().length())
                        ? Optional.empty()
                        : missing(step);
            case Step.LinkUp u -> linkUp(s, u);
            case Step.Route r -> route(s, r);
            case Step.Rule r ->
                s.rules().stream()
                                .anyMatch(x -> x.family() == r.family()
                                        && x.priority() == r.priority()
                                        && same(x.from(), r.from())
                                        && same(x.to(), r.to())
                                        && x.table().equals(StepCommands.table(r.table())))
                        ? Optional.empty()
                        : missing(step);
            case Step.Neighbour n ->
                s.neighbours().stream()
                                .anyMatch(x -> x.dev().equals(n.dev())
                                        && x.address().equals(n.address())
                                        && x.mac().equalsIgnoreCase(n.mac())
                                        && x.permanent())
                        ? Optional.empty()
                        : missing(step);
            case Step.NeighbourProxy p ->
                s.proxies().stream()
                                .anyMatch(x -> x.dev().equals(p.dev())
                                        && x.address().equals(p.address().address()))
                        ? Optional.empty()
                        : missing(step);
            case Step.Sysctl x -> Optional.empty();
            case Step.Announce x -> Optional.empty();
        };
    }

    private static Optional<String> linkUp(NetnsState s, Step.LinkUp u) {
        Optional<NetnsState.Link> l = s.link(u.dev());
        if (l.isEmpty()) {
            return Optional.of("link " + u.dev() + " is missing in " + u.ns());
        }
        return l.get().up() ? Optional.empty() : Optional.of("link " + u.dev() + " is down in " + u.ns());
    }

    private static Optional<String> link(NetnsState s, String name, String kind, String mac, Step step) {
        Optional<NetnsState.Link> l = s.link(name);
        if (l.isEmpty()) {
            return missing(step);
        }
        if (!l.get().kind().equals(kind)) {
            return Optional.of("link " + name + " is "
                    + (l.get().kind().isEmpty() ? "not a virtual link" : l.get().kind()) + ", expected " + kind + " ("
                    + step.describe() + ")");
        }
        if (mac != null && !l.get().mac().equalsIgnoreCase(mac)) {
            return Optional.of("link " + name + " has address " + l.get().mac() + ", expected " + mac);
        }
        return Optional.empty();
    }

    private static Optional<String> route(NetnsState s, Step.Route r) {
        String table = StepCommands.table(r.table());
        Optional<NetnsState.Route> found = s.routes().stream()
                .filter(x -> x.family() == r.family()
                        && x.dst().equals(r.dst().routeText())
                        && x.table().equals(table)
                        && x.dev().equals(r.dev()))
                .findFirst();
        if (found.isEmpty()) {
            return missing(r);
        }
        NetnsState.Route x = found.get();
        if (!same(x.via(), r.via()) || !same(x.src(), r.src()) || x.onlink() != r.onlink()) {
            return Optional.of("route " + r.dst().routeText() + " table " + table + " is via " + x.via() + " src "
                    + x.src() + (x.onlink() ? " onlink" : "") + ", expected " + r.describe());
        }
        return Optional.empty();
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : b != null && a.toString().equals(b.toString());
    }

    private static Optional<String> missing(Step step) {
        return Optional.of("missing: " + step.describe());
    }
}
