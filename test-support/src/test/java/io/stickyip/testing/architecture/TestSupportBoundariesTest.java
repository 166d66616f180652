package io.stickyip.testing.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/**
 * test-support is for every module's tests, so it reaches none of the modules they test beyond core and certs:
 * no deployable, not runtime, and neither etcd's client nor the store built on it.
 */
class TestSupportBoundariesTest extends ModuleBoundaries {
    TestSupportBoundariesTest() {
        super("io.stickyip.testing", WEBHOOK, JETCD, EXTENDER, AGENT, RUNTIME);
    }
}
