package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Netns;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds what routed attachments left on the node when their pod went without a DEL (the agent was down
 * when the sandbox was removed): the veth died with the sandbox's netns, and its host route with it, but a
 * proxy entry on the LAN interface stays, and a proxy NDP entry goes on answering for the address on the
 * LAN. An entry is an orphan when no route sends its address to a {@code sip*} link that exists.
 */
public final class NodeSweep {

    private final Namespaces namespaces;

    public NodeSweep(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** Proxy entries on {@code lan} with no live routed attachment behind them. Pure over a read state. */
    static List<NetnsState.Proxy> orphans(NetnsState node, String lan) {
        List<NetnsState.Proxy> out = new ArrayList<>();
        for (NetnsState.Proxy p : node.proxies()) {
            boolean routedToAPod = node.routes().stream()
                    .anyMatch(r -> r.dst().equals(p.address())
                            && r.table().equals("main")
                            && r.dev().startsWith("sip")
                            && node.link(r.dev()).isPresent());
            if (p.dev().equals(lan) && !routedToAPod) {
                out.add(p);
            }
        }
        return out;
    }

    /** Removes the orphaned proxy entries on the node's LAN interface; returns what it removed. */
    public List<String> sweep(Netns node, String lan) {
        return namespaces.in(node, sh -> {
            List<String> removed = new ArrayList<>();
            for (NetnsState.Proxy p : orphans(sh.read(), lan)) {
                String flag = p.address().contains(":") ? "-6" : "-4";
                CommandRunner.Result r = sh.exec("ip", flag, "neigh", "del", "proxy", p.address(), "dev", p.dev());
                if (!r.ok() && !StepCommands.alreadyGone(r.stderr())) {
                    throw CommandFailedException.of(r);
                }
                removed.add(p.address() + " dev " + p.dev());
            }
            return removed;
        });
    }
}
