package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Family;
import java.util.List;

/**
 * What one namespace holds, as read back from {@code ip -json}: the part the data plane writes.
 * Route destinations and rule selectors are kept in iproute2's text ({@code default}, {@code 192.0.2.9},
 * {@code 192.0.2.0/24}); tables as iproute2 names them ({@code main}, {@code local}, {@code 100}).
 */
public record NetnsState(
        List<Link> links,
        List<Addr> addresses,
        List<Route> routes,
        List<Rule> rules,
        List<Neighbour> neighbours,
        List<Proxy> proxies) {

    public NetnsState {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
        neighbours = List.copyOf(neighbours);
        proxies = List.copyOf(proxies);
    }

    public static NetnsState empty() {
        return new NetnsState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** {@code kind} is the link's {@code info_kind} (veth, macvlan, ...), empty for a physical link. */
    public record Link(String name, String kind, String mac, boolean up) {}

    public record Addr(String dev, String address, int length) {}

    /** {@code via} and {@code src} may be null. */
    public record Route(Family family, String dst, String via, String dev, String src, String table, boolean onlink) {}

    /** {@code from}/{@code to} in {@code ADDR/LEN} form, or null for all. */
    public record Rule(Family family, int priority, String from, String to, String table) {}

    public record Neighbour(String dev, String address, String mac, boolean permanent) {}

    public record Proxy(String dev, String address) {}

    public java.util.Optional<Link> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** Links whose names stickyip uses ({@code sip...}): what a leak check lists. */
    public List<Link> stickyLinks() {
        return links.stream().filter(l -> l.name().startsWith("sip")).toList();
    }
}
