package io.stickyip.runtime.pools;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.runtime.kube.Cache;
import io.stickyip.runtime.kube.Informers;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pools from the cluster, kept current by an informer of {@code informers}; the catalog is
 * recompiled on each change (of the spec: status writes leave the generation alone) and once the
 * first list is in. Empty and not {@link #ready()} until the informers have started.
 */
public final class KubePoolSource implements PoolSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubePoolSource.class);

    private final Cache<IPPool> cache;
    private volatile PoolCatalog catalog = PoolCatalog.empty();
    private volatile boolean compiledFromFirstList;

    public KubePoolSource(KubernetesClient client, Informers informers) {
        this.cache = informers.cache("ippools", client.resources(IPPool.class));
        informers.onChange(cache, new ResourceEventHandler<>() {
            @Override
            public void onAdd(IPPool pool) {
                recompile("added", pool);
            }

            @Override
            public void onUpdate(IPPool oldPool, IPPool pool) {
                if (!Objects.equals(
                        oldPool.getMetadata().getGeneration(),
                        pool.getMetadata().getGeneration())) {
                    recompile("updated", pool);
                }
            }

            @Override
            public void onDelete(IPPool pool, boolean unknownFinalState) {
                recompile("deleted", pool);
            }
        });
        informers.onSynced(() -> {
            recompile();
            compiledFromFirstList = true;
        });
    }

    private synchronized void recompile(String event, IPPool pool) {
        recompile();
        LOG.info(
                "pool {} name={} pools={}",
                event,
                pool.getMetadata().getName(),
                catalog.all().size());
    }

    private synchronized void recompile() {
        catalog = PoolCatalog.of(cache.list());
    }

    @Override
    public PoolCatalog catalog() {
        return catalog;
    }

    @Override
    public List<IPPool> pools() {
        return cache.list();
    }

    @Override
    public boolean ready() {
        return compiledFromFirstList && cache.synced();
    }

    @Override
    public void close() {
        // the informer belongs to the Informers it was made with
    }
}
