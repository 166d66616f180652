package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Layout;
import io.stickyip.core.plumbing.Netns;
import java.util.ArrayList;
import java.util.List;

/** Lists what the data plane may have left in namespaces: links, addresses, routes, rules, neighbours, proxies. */
public final class Leaks {
    private Leaks() {}

    public static List<String> in(Namespaces namespaces, List<Netns> all) {
        List<String> leaks = new ArrayList<>();
        for (Netns ns : all) {
            NetnsState s = namespaces.in(ns, NetnsShell::read);
            s.stickyLinks().forEach(l -> leaks.add(ns + ": link " + l));
            s.addresses().stream()
                    .filter(a ->
                            a.address().startsWith("192.0.2.5") || a.address().startsWith("2001:db8:1::5"))
                    .forEach(a -> leaks.add(ns + ": address " + a));
            s.routes().stream()
                    .filter(r -> r.table().matches("10[0-9]") || r.dev().startsWith("sip"))
                    .forEach(r -> leaks.add(ns + ": route " + r));
            s.rules().stream()
                    .filter(r -> r.priority() >= Layout.PRIO_KEEP_ON_ETH0 && r.priority() <= Layout.PRIO_EGRESS)
                    .forEach(r -> leaks.add(ns + ": rule " + r));
            s.neighbours().forEach(n -> leaks.add(ns + ": permanent neighbour " + n));
            s.proxies().forEach(p -> leaks.add(ns + ": proxy " + p));
        }
        return leaks;
    }
}
