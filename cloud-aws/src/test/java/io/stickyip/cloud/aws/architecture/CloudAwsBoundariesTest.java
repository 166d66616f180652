package io.stickyip.cloud.aws.architecture;

import io.stickyip.core.architecture.ModuleBoundaries;

/** The AWS library never reaches the webhook (etcd credentials, admission code) nor etcd: the agent will call it. */
class CloudAwsBoundariesTest extends ModuleBoundaries {
    CloudAwsBoundariesTest() {
        super("io.stickyip.cloud.aws", WEBHOOK, JETCD, EXTENDER, AGENT);
    }
}
