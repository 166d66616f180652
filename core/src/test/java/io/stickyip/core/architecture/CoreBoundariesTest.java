package io.stickyip.core.architecture;

/** core reaches nothing of ours: no deployable, no runtime, no etcd. */
class CoreBoundariesTest extends ModuleBoundaries {
    CoreBoundariesTest() {
        super("io.stickyip.core", WEBHOOK, JETCD, EXTENDER, AGENT, RUNTIME);
    }
}
