package io.stickyip.agent.netns;

import io.stickyip.core.plumbing.Layout;
import io.stickyip.core.plumbing.Netns;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what the data plane leaves in a pod's namespace when the plan that made it is not known any more
 * (the agent restarted and the pod is gone or not wanted): every {@code sip*} link (their addresses, routes
 * and neighbours go with them) and every rule in stickyip's priority band. By name and number only, so it
 * needs neither the pod nor its pool.
 */
public final class PodLeftovers {

    private final Namespaces namespaces;

    public PodLeftovers(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** What {@link #clean} would remove in a read state (pure). */
    static List<List<String>> commands(NetnsState s) {
        List<List<String>> out = new ArrayList<>();
        s.stickyLinks().forEach(l -> out.add(List.of("ip", "link", "del", l.name())));
        for (NetnsState.Rule r : s.rules()) {
            if (r.priority() >= Layout.PRIO_KEEP_ON_ETH0 && r.priority() <= Layout.PRIO_EGRESS) {
                List<String> argv = new ArrayList<>(
                        List.of("ip", r.family().ipFlag(), "rule", "del", "priority", String.valueOf(r.priority())));
                if (r.from() != null) {
                    argv.addAll(List.of("from", r.from()));
                }
                if (r.to() != null) {
                    argv.addAll(List.of("to", r.to()));
                }
                argv.addAll(List.of("lookup", r.table()));
                out.add(argv);
            }
        }
        return out;
    }

    /** Removes the leftovers in {@code pod}; returns what it removed (empty: nothing was there or the netns is gone). */
    public List<String> clean(Netns pod) {
        return namespaces.in(pod, sh -> {
            List<String> removed = new ArrayList<>();
            if (!sh.exists()) {
                return removed;
            }
            for (List<String> argv : commands(sh.read())) {
                CommandRunner.Result r = sh.exec(argv);
                if (!r.ok() && !StepCommands.alreadyGone(r.stderr())) {
                    throw CommandFailedException.of(r);
                }
                removed.add(String.join(" ", argv.subList(1, argv.size())));
            }
            return removed;
        });
    }
}
