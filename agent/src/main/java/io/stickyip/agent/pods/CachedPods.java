package io.stickyip.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.runtime.kube.Cache;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@link LocalPods} over the informer's cache, with an index by UID. */
public final class CachedPods implements LocalPods {
    public static final String BY_UID = "uid";

    private final Cache<Pod> cache;

    public CachedPods(Cache<Pod> cache) {
        this.cache = cache;
    }

    /** The indexer to give {@code Informers.cache}. */
    public static Map<String, Function<Pod, List<String>>> indexers() {
        return Map.of(BY_UID, p -> List.of(p.getMetadata().getUid()));
    }

    @Override
    public Optional<Pod> byUid(String uid) {
        return cache.byIndex(BY_UID, uid).stream().findFirst();
    }

    @Override
    public List<Pod> all() {
        return cache.list();
    }
}
