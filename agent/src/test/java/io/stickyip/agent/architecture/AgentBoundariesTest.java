package io.stickyip.agent.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The agent never reaches the webhook (etcd credentials, admission code) nor etcd, nor the store (not one of its users); no node holds etcd credentials. */
class AgentBoundariesTest extends ModuleBoundaries {
    AgentBoundariesTest() {
        super("io.stickyip.agent", WEBHOOK, JETCD, EXTENDER);
    }
}
