package io.stickyip.extender.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The extender never reaches the webhook (etcd credentials, admission code) nor etcd, nor the store (not one of its users). */
class ExtenderBoundariesTest extends ModuleBoundaries {
    ExtenderBoundariesTest() {
        super("io.stickyip.extender", WEBHOOK, JETCD, AGENT);
    }
}
