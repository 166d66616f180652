package io.stickyip.certs.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The certs library reaches no deployable, no runtime, no etcd. */
class CertsBoundariesTest extends ModuleBoundaries {
    CertsBoundariesTest() {
        super("io.stickyip.certs", WEBHOOK, JETCD, EXTENDER, AGENT, RUNTIME);
    }
}
