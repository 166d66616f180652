package io.stickyip.agent.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The agent's test support holds to the agent's rules: never the webhook, etcd or the extender. */
class AgentTestingBoundariesTest extends ModuleBoundaries {
    AgentTestingBoundariesTest() {
        super("io.stickyip.agent", WEBHOOK, JETCD, EXTENDER);
    }
}
