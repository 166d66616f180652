package io.stickyip.controller.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/**
 * The controller builds on runtime, core and the store (one of the store's users), never on the webhook (admission
 * code and the seal key), the extender or the agent.
 */
class ControllerBoundariesTest extends ModuleBoundaries {
    ControllerBoundariesTest() {
        super(CONTROLLER, WEBHOOK, EXTENDER, AGENT);
    }
}
