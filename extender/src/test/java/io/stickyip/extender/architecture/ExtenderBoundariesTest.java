package io.stickyip.extender.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The extender never reaches the webhook (etcd credentials, admission code) nor etcd, nor (not one of their users) the store, the aws module or the AWS SDK. */
class ExtenderBoundariesTest extends ModuleBoundaries {
    ExtenderBoundariesTest() {
        super("io.stickyip.extender", WEBHOOK, JETCD, AGENT);
    }
}
