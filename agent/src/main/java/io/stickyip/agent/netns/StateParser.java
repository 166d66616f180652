package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Family;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** Parses the arrays {@code ip -json -batch} prints, one per command, into a {@link NetnsState}. */
final class StateParser {

    private static final ObjectReader READER = JsonMapper.builder().build().readerFor(JsonNode.class);

    /** The commands of the three batches whose output {@link #parse} reads, in order. */
    static final List<String> LINK_BATCH =
            List.of("link show", "addr show", "neigh show nud permanent", "neigh show proxy");

    static final List<String> FAMILY_BATCH = List.of("route show table all", "rule show");

    private StateParser() {}

    static NetnsState parse(String linkBatch, String v4Batch, String v6Batch) {
        List<JsonNode> l = arrays(linkBatch, LINK_BATCH.size());
        List<JsonNode> v4 = arrays(v4Batch, FAMILY_BATCH.size());
        List<JsonNode> v6 = arrays(v6Batch, FAMILY_BATCH.size());
        List<NetnsState.Route> routes = new ArrayList<>(routes(v4.get(0), Family.V4));
        routes.addAll(routes(v6.get(0), Family.V6));
        List<NetnsState.Rule> rules = new ArrayList<>(rules(v4.get(1), Family.V4));
        rules.addAll(rules(v6.get(1), Family.V6));
        return new NetnsState(
                links(l.get(0)), addresses(l.get(1)), routes, rules, neighbours(l.get(2)), proxies(l.get(3)));
    }

    private static List<JsonNode> arrays(String text, int expected) {
        // ip -json prints each command's array on a line of its own (a MappingIterator would unwrap the first)
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(READER.readTree(line));
            }
        }
        if (out.size() != expected) {
            throw new IllegalStateException("ip -json -batch printed " + out.size() + " arrays, expected " + expected);
        }
        return out;
    }

    private static List<NetnsState.Link> links(JsonNode arr) {
        List<NetnsState.Link> out = new ArrayList<>();
        for (JsonNode n : arr) {
            String kind = n.path("linkinfo").path("info_kind").asString("");
            boolean up = flags(n).contains("UP");
            out.add(new NetnsState.Link(
                    n.path("ifname").asString(), kind, n.path("address").asString(""), up));
        }
        return out;
    }

    private static List<NetnsState.Addr> addresses(JsonNode arr) {
        List<NetnsState.Addr> out = new ArrayList<>();
        for (JsonNode n : arr) {
            for (JsonNode a : n.path("addr_info")) {
                out.add(new NetnsState.Addr(
                        n.path("ifname").asString(),
                        a.path("local").asString(),
                        a.path("prefixlen").asInt()));
            }
        }
        return out;
    }

    private static List<NetnsState.Route> routes(JsonNode arr, Family f) {
        List<NetnsState.Route> out = new ArrayList<>();
        for (JsonNode n : arr) {
            out.add(new NetnsState.Route(
                    f,
                    n.path("dst").asString(),
                    text(n, "gateway"),
                    n.path("dev").asString(""),
                    text(n, "prefsrc"),
                    n.path("table").asString("main"),
                    flags(n).contains("onlink")));
        }
        return out;
    }

    private static List<NetnsState.Rule> rules(JsonNode arr, Family f) {
        List<NetnsState.Rule> out = new ArrayList<>();
        for (JsonNode n : arr) {
            out.add(new NetnsState.Rule(
                    f,
                    n.path("priority").asInt(),
                    selector(n, "src", "srclen", f),
                    selector(n, "dst", "dstlen", f),
                    n.path("table").asString("")));
        }
        return out;
    }

    private static String selector(JsonNode n, String field, String lenField, Family f) {
        String v = text(n, field);
        if (v == null || v.equals("all")) {
            return null;
        }
        return v + "/" + n.path(lenField).asInt(f.hostLength());
    }

    private static List<NetnsState.Neighbour> neighbours(JsonNode arr) {
        List<NetnsState.Neighbour> out = new ArrayList<>();
        for (JsonNode n : arr) {
            boolean permanent = false;
            for (JsonNode s : n.path("state")) {
                permanent |= s.asString().equals("PERMANENT");
            }
            out.add(new NetnsState.Neighbour(
                    n.path("dev").asString(""),
                    n.path("dst").asString(),
                    n.path("lladdr").asString(""),
                    permanent));
        }
        return out;
    }

    private static List<NetnsState.Proxy> proxies(JsonNode arr) {
        List<NetnsState.Proxy> out = new ArrayList<>();
        for (JsonNode n : arr) {
            out.add(new NetnsState.Proxy(
                    n.path("dev").asString(""), n.path("dst").asString()));
        }
        return out;
    }

    private static List<String> flags(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.path("flags").forEach(x -> out.add(x.asString()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
