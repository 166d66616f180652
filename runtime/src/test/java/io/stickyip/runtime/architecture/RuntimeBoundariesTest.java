package io.stickyip.runtime.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** Runtime knows no deployable and no etcd. */
class RuntimeBoundariesTest extends ModuleBoundaries {
    RuntimeBoundariesTest() {
        super("io.stickyip.runtime", WEBHOOK, JETCD, EXTENDER, AGENT);
    }
}
