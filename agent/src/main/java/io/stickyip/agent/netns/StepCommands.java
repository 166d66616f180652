package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Family;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.core.plumbing.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Each step in iproute2's (and arping's / na6's) words: the command that applies it and the one that removes it. */
final class StepCommands {
    private StepCommands() {}

    /** A command and the namespace it runs in. */
    record Command(Netns ns, List<String> argv) {}

    static Command add(Step step) {
        return switch (step) {
            case Step.Macvlan m ->
                new Command(
                        m.node(),
                        List.of(
                                "ip",
                                "link",
                                "add",
                                "link",
                                m.master(),
                                "name",
                                m.name(),
                                "netns",
                                m.ns().path(),
                                "type",
                                "macvlan",
                                "mode",
                                "bridge"));
            case Step.Ipvlan i ->
                new Command(
                        i.node(),
                        List.of(
                                "ip",
                                "link",
                                "add",
                                "link",
                                i.master(),
                                "name",
                                i.name(),
                                "netns",
                                i.ns().path(),
                                "type",
                                "ipvlan",
                                "mode",
                                "l2"));
            case Step.Veth v ->
                new Command(
                        v.ns(),
                        List.of(
                                "ip",
                                "link",
                                "add",
                                v.hostName(),
                                "address",
                                v.hostMac(),
                                "type",
                                "veth",
                                "peer",
                                "name",
                                v.podName(),
                                "netns",
                                v.pod().path()));
            case Step.Sysctl s -> new Command(s.ns(), List.of("sysctl", "-q", "-w", s.key() + "=" + s.value()));
            case Step.Address a -> new Command(a.ns(), address("replace", a));
            case Step.LinkUp u -> new Command(u.ns(), List.of("ip", "link", "set", u.dev(), "up"));
            case Step.Route r -> new Command(r.ns(), route("replace", r));
            case Step.Rule r -> new Command(r.ns(), rule("add", r));
            case Step.Neighbour n ->
                new Command(
                        n.ns(),
                        List.of(
                                "ip",
                                "neigh",
                                "replace",
                                n.address(),
                                "lladdr",
                                n.mac(),
                                "dev",
                                n.dev(),
                                "nud",
                                "permanent"));
            case Step.NeighbourProxy p ->
                new Command(
                        p.ns(),
                        List.of(
                                "ip",
                                p.address().family().ipFlag(),
                                "neigh",
                                "replace",
                                "proxy",
                                p.address().address(),
                                "dev",
                                p.dev()));
            case Step.Announce a -> new Command(a.ns(), announce(a));
        };
    }

    /** Empty for steps DEL leaves alone. A link's removal takes its addresses and routes with it. */
    static Optional<Command> del(Step step) {
        return Optional.ofNullable(
                switch (step) {
                    case Step.Macvlan m -> new Command(m.ns(), List.of("ip", "link", "del", m.name()));
                    case Step.Ipvlan i -> new Command(i.ns(), List.of("ip", "link", "del", i.name()));
                    case Step.Veth v -> new Command(v.ns(), List.of("ip", "link", "del", v.hostName()));
                    case Step.Address a -> new Command(a.ns(), address("del", a).subList(0, 6));
                    case Step.Route r -> new Command(r.ns(), route("del", r));
                    case Step.Rule r -> new Command(r.ns(), rule("del", r));
                    case Step.Neighbour n ->
                        new Command(n.ns(), List.of("ip", "neigh", "del", n.address(), "dev", n.dev()));
                    case Step.NeighbourProxy p ->
                        new Command(
                                p.ns(),
                                List.of(
                                        "ip",
                                        p.address().family().ipFlag(),
                                        "neigh",
                                        "del",
                                        "proxy",
                                        p.address().address(),
                                        "dev",
                                        p.dev()));
                    case Step.Sysctl s -> null;
                    case Step.LinkUp u -> null;
                    case Step.Announce a -> null;
                });
    }

    /** stderr of a DEL that found nothing to remove: the state DEL wants is already there. */
    static boolean alreadyGone(String stderr) {
        String e = stderr.toLowerCase(java.util.Locale.ROOT);
        return List.of(
                        "no such file or directory",
                        "no such process",
                        "address not found",
                        "cannot find device",
                        "cannot assign requested address",
                        "does not exist",
                        "cannot open")
                .stream()
                .anyMatch(e::contains);
    }

    /** stderr of a link ADD the kernel cannot do: the feature is not built in (e.g. ipvlan here). */
    static boolean unknownDeviceType(String stderr) {
        return stderr.contains("Unknown device type");
    }

    private static List<String> address(String verb, Step.Address a) {
        List<String> argv =
                new ArrayList<>(List.of("ip", "addr", verb, a.address().toString(), "dev", a.dev(), "noprefixroute"));
        if (a.address().family() == Family.V6) {
            argv.add("nodad");
        }
        return argv;
    }

    private static List<String> route(String verb, Step.Route r) {
        List<String> argv = new ArrayList<>(
                List.of("ip", r.family().ipFlag(), "route", verb, r.dst().routeText()));
        if (r.via() != null) {
            argv.addAll(List.of("via", r.via()));
        }
        argv.addAll(List.of("dev", r.dev()));
        if (verb.equals("del")) {
            argv.addAll(List.of("table", table(r.table())));
            return argv;
        }
        if (r.via() == null) {
            argv.addAll(List.of("scope", "link"));
        }
        if (r.src() != null) {
            argv.addAll(List.of("src", r.src()));
        }
        if (r.onlink()) {
            argv.add("onlink");
        }
        argv.addAll(List.of("table", table(r.table())));
        return argv;
    }

    private static List<String> rule(String verb, Step.Rule r) {
        List<String> argv = new ArrayList<>(
                List.of("ip", r.family().ipFlag(), "rule", verb, "priority", String.valueOf(r.priority())));
        if (r.from() != null) {
            argv.addAll(List.of("from", r.from().toString()));
        }
        if (r.to() != null) {
            argv.addAll(List.of("to", r.to().toString()));
        }
        argv.addAll(List.of("lookup", table(r.table())));
        return argv;
    }

    private static List<String> announce(Step.Announce a) {
        String addr = a.address().address();
        if (a.address().family() == Family.V4) {
            // Habets' arping: one unsolicited (gratuitous) ARP from the interface's MAC, no wait for replies
            return List.of("arping", "-q", "-U", "-c", "1", "-w", "0", "-i", a.dev(), "-S", addr, addr);
        }
        // ipv6toolkit's na6: unsolicited NA to all nodes, override flag, target link-layer option = interface MAC
        return List.of("na6", "-i", a.dev(), "-t", addr, "-d", "ff02::1", "-o", "-e");
    }

    static String table(int table) {
        return table == 0 ? "main" : String.valueOf(table);
    }
}
