package io.stickyip.runtime.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;

/**
 * What an informer holds, read-only: no way to add a listener here (listeners are given to
 * {@link Informers} before it starts). Empty and not {@link #synced()} until {@link Informers#start()}.
 *
 * @param <T> the resource
 */
public final class Cache<T extends HasMetadata> {
    private final String name;
    private final SharedIndexInformer<T> informer;

    Cache(String name, SharedIndexInformer<T> informer) {
        this.name = name;
        this.informer = informer;
    }

    public String name() {
        return name;
    }

    public List<T> list() {
        return informer.getStore().list();
    }

    /** By namespace and name ({@code ""} namespace for cluster-scoped objects). */
    public Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(namespace.isEmpty() ? name : namespace + "/" + name));
    }

    /** The objects an indexer given to {@link Informers#cache} put under this key. */
    public List<T> byIndex(String index, String key) {
        return informer.getIndexer().byIndex(index, key);
    }

    /** True once the first full list is in. */
    public boolean synced() {
        return informer.hasSynced();
    }

    SharedIndexInformer<T> informer() {
        return informer;
    }
}
