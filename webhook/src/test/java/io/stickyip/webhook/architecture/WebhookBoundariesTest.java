package io.stickyip.webhook.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/**
 * The webhook builds on runtime, core and the store (one of the store's users), never on the extender, the agent or
 * the controller, and holds no cloud credentials: not one of {@link #AWS_USERS}, so neither the aws module nor the
 * AWS SDK may be on its class path or reached by its classes. Positive control: the controller's
 * {@code WebhookRulesControlTest}.
 */
class WebhookBoundariesTest extends ModuleBoundaries {
    WebhookBoundariesTest() {
        super(WEBHOOK, EXTENDER, AGENT, CONTROLLER);
    }
}
