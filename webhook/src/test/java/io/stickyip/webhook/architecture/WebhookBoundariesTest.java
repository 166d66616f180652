package io.stickyip.webhook.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The webhook builds on runtime and core, never on the extender or the agent. */
class WebhookBoundariesTest extends ModuleBoundaries {
    WebhookBoundariesTest() {
        super("io.stickyip.webhook", EXTENDER, AGENT);
    }
}
