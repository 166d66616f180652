package io.stickyip.runtime.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** Runtime, its AWS adapter (runtime.cloud.aws) included, knows no deployable and no etcd: the agent will call it. */
class RuntimeBoundariesTest extends ModuleBoundaries {
    RuntimeBoundariesTest() {
        super("io.stickyip.runtime", WEBHOOK, JETCD, EXTENDER, AGENT);
    }
}
