package io.stickyip.agent.netns;

import java.util.List;

/** What CHECK read back: empty differences mean the plan is in place. */
public record CheckOutcome(List<String> differences) {
    public CheckOutcome {
        differences = List.copyOf(differences);
    }

    public boolean matches() {
        return differences.isEmpty();
    }
}
