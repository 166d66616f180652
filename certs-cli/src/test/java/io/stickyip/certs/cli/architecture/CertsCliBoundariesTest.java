package io.stickyip.certs.cli.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The certs CLI builds on the certs library alone: no deployable, no runtime (it opens its own client), no etcd. */
class CertsCliBoundariesTest extends ModuleBoundaries {
    CertsCliBoundariesTest() {
        super("io.stickyip.certs.cli", WEBHOOK, JETCD, EXTENDER, AGENT, RUNTIME);
    }
}
