package io.stickyip.extender.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The extender never reaches the webhook (etcd credentials, admission code) nor etcd. */
class ExtenderBoundariesTest extends ModuleBoundaries {
    ExtenderBoundariesTest() {
        super("io.stickyip.extender", WEBHOOK, JETCD, AGENT);
    }

    /** No classes yet: the rules hold as soon as there are. */
    @Override
    protected boolean mayBeEmpty() {
        return true;
    }
}
