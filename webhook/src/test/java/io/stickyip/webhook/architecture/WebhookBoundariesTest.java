package io.stickyip.webhook.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The webhook builds on runtime, core and the store (one of the store's users), never on the extender or the agent. */
class WebhookBoundariesTest extends ModuleBoundaries {
    WebhookBoundariesTest() {
        super("io.stickyip.webhook", EXTENDER, AGENT);
    }
}
