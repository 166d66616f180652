package io.stickyip.e2e;

/** One cluster per test JVM, shared by the e2e classes, torn down at JVM exit. */
final class Clusters {
    private static ClusterHarness shared;

    private Clusters() {}

    static synchronized ClusterHarness get() {
        if (shared == null) {
            shared = LocalProcessCluster.start();
            ClusterHarness c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "e2e-cluster-down"));
        }
        return shared;
    }
}
