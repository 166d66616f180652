package io.stickyip.certs.cli.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The certificate CLI reaches no deployable and no etcd. */
class CertsCliBoundariesTest extends ModuleBoundaries {
    CertsCliBoundariesTest() {
        super("io.stickyip.certs.cli", WEBHOOK, JETCD, EXTENDER, AGENT);
    }
}
