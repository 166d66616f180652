package io.stickyip.core.pool;

/**
 * The old name of {@link io.stickyip.core.testing.Pools}, kept only for the agent's {@code pods} tests that are being
 * rewritten elsewhere (AgentCrashIT, PodIntentTest, PodReconcilerTrustTest); they move to the new name with that
 * rewrite, and this class goes.
 */
@Deprecated(forRemoval = true)
public final class Pools extends io.stickyip.core.testing.Pools {
    private Pools() { }
}
