package io.stickyip.webhook;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.runtime.lifecycle.Resources;
import io.stickyip.runtime.lifecycle.WorkerPool;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.runtime.pools.FilePoolSource;
import io.stickyip.runtime.pools.PoolSource;
import io.stickyip.webhook.admission.NodeLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The webhook without a cluster (loopback tests, benchmarks, a webhook before its cluster): pools
 * from a file, re-read when it changes; no view of pods, so a Deployment's pods all use slot 0.
 */
final class Standalone {
    static final Duration POOLS_FILE_CHECK = Duration.ofSeconds(10);

    private Standalone() {}

    static Surroundings wire(WebhookConfig config, Resources resources, WorkerPool blocking) {
        Path file = config.poolsFile()
                .orElseThrow(() -> new IllegalStateException("standalone mode needs STICKYIP_POOLS_FILE"));
        return new Surroundings(
                filePools(file, resources, blocking), PodView.NONE, LiveCheck.NONE, NodeLookup.NONE, Optional.empty());
    }

    /** Pools from {@code file}, read now (a broken file stops the start) and again when it changes. */
    static PoolSource filePools(Path file, Resources resources, WorkerPool blocking) {
        FilePoolSource pools = resources.add(new FilePoolSource(file, Serialization.yamlMapper()));
        blocking.every(POOLS_FILE_CHECK, "pools file reload", () -> {
            pools.reload();
            return null;
        });
        return pools;
    }
}
