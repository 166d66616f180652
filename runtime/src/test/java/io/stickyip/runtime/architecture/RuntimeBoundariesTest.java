package io.stickyip.runtime.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** Runtime knows no deployable and no etcd, nor (not one of their users) the store, the aws module or the AWS SDK. */
class RuntimeBoundariesTest extends ModuleBoundaries {
    RuntimeBoundariesTest() {
        super("io.stickyip.runtime", WEBHOOK, JETCD, EXTENDER, AGENT);
    }
}
