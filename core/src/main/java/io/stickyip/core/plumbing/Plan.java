package io.stickyip.core.plumbing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The steps that make a pod's addresses live, in the order ADD applies them. */
public record Plan(List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }

    /** What DEL removes, in reverse order of ADD (sysctls, link-up and announcements are not undone). */
    public List<Step> undoOrder() {
        List<Step> undo = new ArrayList<>(steps.stream().filter(Step::undoable).toList());
        Collections.reverse(undo);
        return List.copyOf(undo);
    }

    /** The namespaces the plan touches, in first-use order. */
    public List<Netns> namespaces() {
        List<Netns> seen = new ArrayList<>();
        for (Step s : steps) {
            for (Netns ns : touched(s)) {
                if (!seen.contains(ns)) {
                    seen.add(ns);
                }
            }
        }
        return List.copyOf(seen);
    }

    private static List<Netns> touched(Step s) {
        return switch (s) {
            case Step.Macvlan m -> List.of(m.node(), m.ns());
            case Step.Ipvlan i -> List.of(i.node(), i.ns());
            case Step.Veth v -> List.of(v.ns(), v.pod());
            default -> List.of(s.ns());
        };
    }
}
