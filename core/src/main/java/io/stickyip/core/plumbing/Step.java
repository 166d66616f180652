package io.stickyip.core.plumbing;

import java.util.Objects;

/**
 * One change the data plane makes, in the namespace {@link #ns()} where it can be read back. Steps are
 * values: the planner computes them, the executor applies ({@code ADD}), reads back ({@code CHECK}) and
 * removes ({@code DEL}) them. Every step is idempotent to apply and to remove.
 */
public sealed interface Step {

    /** The namespace where the step's result lives (and is read back). */
    Netns ns();

    /** Whether DEL removes it. Sysctls and announcements are not undone (see docs/dataplane.md). */
    default boolean undoable() {
        return true;
    }

    /** The result in iproute2's words, for logs, CHECK differences and errors. */
    String describe();

    /** A macvlan (bridge mode) on {@code master} in {@code node}, created straight into {@code ns} as {@code name}. */
    record Macvlan(Netns node, String master, Netns ns, String name) implements Step {
        public Macvlan {
            requireNames(master, name);
        }

        public String describe() {
            return "link " + name + " type macvlan mode bridge on " + master + " (" + node + ") in " + ns;
        }
    }

    /** An ipvlan (L2 mode) on {@code master} in {@code node}, created straight into {@code ns} as {@code name}. */
    record Ipvlan(Netns node, String master, Netns ns, String name) implements Step {
        public Ipvlan {
            requireNames(master, name);
        }

        public String describe() {
            return "link " + name + " type ipvlan mode l2 on " + master + " (" + node + ") in " + ns;
        }
    }

    /** A veth pair: {@code hostName} (with MAC {@code hostMac}) in {@code ns}, its peer {@code podName} in {@code pod}. */
    record Veth(Netns ns, String hostName, String hostMac, Netns pod, String podName) implements Step {
        public Veth {
            requireNames(hostName, podName);
            Objects.requireNonNull(hostMac, "hostMac");
        }

        public String describe() {
            return "link " + hostName + " type veth address " + hostMac + " in " + ns + ", peer " + podName + " in "
                    + pod;
        }
    }

    /** A sysctl set in the namespace ({@code net.*} keys are per namespace). Not undone by DEL. */
    record Sysctl(Netns ns, String key, String value) implements Step {
        public Sysctl {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean undoable() {
            return false;
        }

        public String describe() {
            return "sysctl " + key + "=" + value + " in " + ns;
        }
    }

    /** An address on {@code dev} (IPv6 without duplicate address detection: fencing guarantees uniqueness). */
    record Address(Netns ns, String dev, IpPrefix address) implements Step {
        public Address {
            requireNames(dev);
            Objects.requireNonNull(address, "address");
        }

        public String describe() {
            return "address " + address + " dev " + dev + " in " + ns;
        }
    }

    /** {@code dev} administratively up. Undone by the link's removal. */
    record LinkUp(Netns ns, String dev) implements Step {
        public LinkUp {
            requireNames(dev);
        }

        @Override
        public boolean undoable() {
            return false;
        }

        public String describe() {
            return "link " + dev + " up in " + ns;
        }
    }

    /**
     * A route: {@code via} null means a link-scope route on {@code dev}; {@code src} null means no preferred
     * source; {@code table} 0 means main; {@code onlink} lets {@code via} be off the interface's subnets.
     */
    record Route(Netns ns, IpPrefix dst, String via, String dev, String src, int table, boolean onlink)
            implements Step {
        public Route {
            Objects.requireNonNull(dst, "dst");
            requireNames(dev);
            if (table < 0) {
                throw new IllegalArgumentException("route table " + table + " is negative");
            }
        }

        public Family family() {
            return dst.family();
        }

        public String describe() {
            return "route " + dst.routeText() + (via == null ? "" : " via " + via) + " dev " + dev
                    + (src == null ? "" : " src " + src) + (onlink ? " onlink" : "")
                    + " table " + (table == 0 ? "main" : table) + " in " + ns;
        }
    }

    /** A policy rule: {@code from}/{@code to} null mean all; {@code table} 0 means main. */
    record Rule(Netns ns, Family family, int priority, IpPrefix from, IpPrefix to, int table) implements Step {
        public Rule {
            Objects.requireNonNull(family, "family");
            if ((from != null && from.family() != family) || (to != null && to.family() != family)) {
                throw new IllegalArgumentException("rule prio " + priority + " mixes address families");
            }
        }

        public String describe() {
            return "rule " + family.ipFlag() + " prio " + priority + " from " + (from == null ? "all" : from)
                    + (to == null ? "" : " to " + to) + " lookup " + (table == 0 ? "main" : table) + " in " + ns;
        }
    }

    /** A permanent neighbour entry (the routed mode's fixed next hop). */
    record Neighbour(Netns ns, String dev, String address, String mac) implements Step {
        public Neighbour {
            requireNames(dev);
            IpPrefix.host(address);
            Objects.requireNonNull(mac, "mac");
        }

        public String describe() {
            return "neighbour " + address + " lladdr " + mac + " dev " + dev + " permanent in " + ns;
        }
    }

    /** A proxy ARP / proxy NDP entry: {@code dev} answers for {@code address}. */
    record NeighbourProxy(Netns ns, String dev, IpPrefix address) implements Step {
        public NeighbourProxy {
            requireNames(dev);
            Objects.requireNonNull(address, "address");
        }

        public String describe() {
            return "neighbour proxy " + address.address() + " dev " + dev + " in " + ns;
        }
    }

    /** Gratuitous ARP / unsolicited neighbour advertisement for {@code address} from {@code dev}. Not undone. */
    record Announce(Netns ns, String dev, IpPrefix address) implements Step {
        public Announce {
            requireNames(dev);
            Objects.requireNonNull(address, "address");
        }

        @Override
        public boolean undoable() {
            return false;
        }

        public String describe() {
            return "announce " + address.address() + " from " + dev + " in " + ns;
        }
    }

    private static void requireNames(String... names) {
        for (String n : names) {
            if (n == null || n.isEmpty() || n.length() > 15 || n.contains("/") || n.contains(" ")) {
                throw new IllegalArgumentException(
                        "interface name '" + n + "' is not 1..15 characters without '/' or spaces");
            }
        }
    }
}
