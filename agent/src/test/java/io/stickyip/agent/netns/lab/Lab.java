package io.stickyip.agent.netns.lab;

import io.stickyip.agent.netns.CommandRunner;
import io.stickyip.agent.netns.ProcessRunner;
import io.stickyip.core.plumbing.Netns;
import io.stickyip.testing.host.HostChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A LAN in network namespaces, all named {@code sip-i9-<run>-...} and removed by {@link #close()}:
 * <pre>
 *   client ("outside", the pool's gateway 192.0.2.1 / 2001:db8:1::1, and beyond it 198.51.100.1 / 2001:db8:ff::1)
 *     |
 *   lan (bridge br0)
 *     |                      |
 *   nodeA eth0 192.0.2.2    nodeB eth0 192.0.2.3     (2001:db8:1::2, ::3)
 *     |                      |
 *   pods: eth0 203.0.113.x/24, 2001:db8:2::x/64 via their node (the "cluster network"), default route on eth0
 * </pre>
 * Only documentation ranges; no link to the host's namespace, so nothing can leave the machine.
 */
public final class Lab implements AutoCloseable {

    public static final String GATEWAY4 = "192.0.2.1";
    public static final String GATEWAY6 = "2001:db8:1::1";
    public static final String OUTSIDE4 = "198.51.100.1";
    public static final String OUTSIDE6 = "2001:db8:ff::1";
    public static final String CLUSTER4 = "203.0.113.0/24";
    public static final String CLUSTER6 = "2001:db8:2::/64";

    private static final Duration T = Duration.ofSeconds(10);
    private final CommandRunner runner = new ProcessRunner();
    private final String prefix = "sip-i9-"
            + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "-";
    private final List<String> created = new ArrayList<>();
    /** Held while the lab's namespaces exist: HostHygieneE2EIT's snapshots must not catch them half-way. */
    private final HostChanges.Hold host = HostChanges.MACHINE.share();

    private int pods;

    public final Netns lan;
    public final Netns client;
    public final Netns nodeA;
    public final Netns nodeB;

    public Lab() {
        try {
            lan = add("lan");
            sh(lan, "ip link add br0 type bridge", "ip link set br0 up", "ip link set lo up");
            client = add("client");
            port(client, "c0", "pc");
            // a LAN host has been up for long: no DAD on the lab's fresh links (a fresh link's tentative
            // link-local costs the first neighbour exchange a 1 s retransmit)
            sh(
                    client,
                    "sysctl -q -w net.ipv6.conf.c0.accept_dad=0",
                    "ip addr add 192.0.2.1/24 dev c0",
                    "ip addr add 2001:db8:1::1/64 dev c0 nodad",
                    "ip addr add 198.51.100.1/32 dev lo",
                    "ip addr add 2001:db8:ff::1/128 dev lo",
                    "ip link set c0 up");
            nodeA = node("nodeA", "pa", "192.0.2.2", "2001:db8:1::2");
            nodeB = node("nodeB", "pb", "192.0.2.3", "2001:db8:1::3");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Netns node(String name, String lanPort, String v4, String v6) {
        Netns n = add(name);
        port(n, "eth0", lanPort);
        sh(
                n,
                "sysctl -q -w net.ipv6.conf.eth0.accept_dad=0",
                "ip addr add " + v4 + "/24 dev eth0",
                "ip addr add " + v6 + "/64 dev eth0 nodad",
                "ip link set eth0 up",
                "ip route add 198.51.100.0/24 via " + GATEWAY4,
                "ip -6 route add 2001:db8:ff::/64 via " + GATEWAY6);
        return n;
    }

    /** A pod sandbox on {@code node}: eth0 is its cluster interface, with the default route, as a CNI leaves it. */
    public Pod pod(Netns node) {
        int i = ++pods;
        Netns p = add("pod" + i);
        String host = "cl" + i;
        String a4 = "203.0.113." + (10 + i);
        String a6 = "2001:db8:2::" + Integer.toHexString(0x10 + i);
        sh(
                node,
                "ip link add " + host + " type veth peer name eth0 netns " + p.path(),
                "ip link set " + host + " up",
                "ip addr add 203.0.113.1/32 dev " + host,
                "ip addr add 2001:db8:2::1/128 dev " + host + " nodad",
                "ip route add " + a4 + "/32 dev " + host,
                "ip -6 route add " + a6 + "/128 dev " + host);
        // no DAD on the sandbox's eth0 either: its link-local address would leave "tentative" (and gain its
        // local route) whenever DAD ends, in the middle of a test that compares two snapshots of the namespace
        sh(
                p,
                "sysctl -q -w net.ipv6.conf.eth0.accept_dad=0",
                "ip link set lo up",
                "ip addr add " + a4 + "/24 dev eth0",
                "ip addr add " + a6 + "/64 dev eth0 nodad",
                "ip link set eth0 up",
                "ip route add default via 203.0.113.1",
                "ip -6 route add default via 2001:db8:2::1");
        return new Pod(p, a4, a6);
    }

    public record Pod(Netns ns, String eth0v4, String eth0v6) {}

    /**
     * Deletes a pod sandbox's namespace, as the runtime does when its pod goes: its links and their routes go with it.
     * Its veths are deleted first, so their peers on the node are gone when this returns: the kernel destroys a deleted
     * namespace later, on a work queue, and under load a test would look at the node before it did.
     */
    public void remove(Pod pod) {
        String name = created.stream()
                .filter(n -> Netns.named(n).equals(pod.ns()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a namespace of this lab: " + pod.ns()));
        for (String line : out(pod.ns(), "ip -o link show type veth").split("\n")) {
            if (!line.isBlank()) {
                sh(pod.ns(), "ip link del " + line.split(": ")[1].split("@")[0]);
            }
        }
        CommandRunner.Result r = runner.run(List.of("ip", "netns", "del", name), "", T);
        if (!r.ok()) {
            throw new IllegalStateException("ip netns del " + name + ": " + r.stderr());
        }
        created.remove(name);
    }

    /** Runs shell-free commands (split on spaces) in {@code ns}; fails with stderr. */
    public void sh(Netns ns, String... commands) {
        for (String c : commands) {
            List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
            argv.addAll(List.of(c.split(" ")));
            CommandRunner.Result r = runner.run(argv, "", T);
            if (!r.ok()) {
                throw new IllegalStateException(String.join(" ", argv) + ": " + r.stderr());
            }
        }
    }

    public String out(Netns ns, String command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
        argv.addAll(List.of(command.split(" ")));
        return runner.run(argv, "", T).stdout();
    }

    public List<Netns> namespaces() {
        return created.stream().map(Netns::named).toList();
    }

    private void port(Netns ns, String inside, String bridgePort) {
        sh(
                lan,
                "ip link add " + bridgePort + " type veth peer name " + inside + " netns " + ns.path(),
                "ip link set " + bridgePort + " master br0",
                "ip link set " + bridgePort + " up");
        sh(ns, "ip link set lo up");
    }

    private Netns add(String role) {
        String name = prefix + role;
        CommandRunner.Result r = runner.run(List.of("ip", "netns", "add", name), "", T);
        if (!r.ok()) {
            throw new IllegalStateException("ip netns add " + name + ": " + r.stderr());
        }
        created.add(name);
        return Netns.named(name);
    }

    /** Removes every namespace it made (their links go with them), pods first. */
    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            runner.run(List.of("ip", "netns", "del", created.get(i)), "", T);
        }
        created.clear();
        host.close();
    }
}
