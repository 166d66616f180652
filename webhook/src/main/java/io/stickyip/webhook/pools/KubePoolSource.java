package io.stickyip.webhook.pools;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Pools from the cluster, kept current by an informer; the catalog is recompiled on each change. */
public final class KubePoolSource implements PoolSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubePoolSource.class);

    private final SharedIndexInformer<IPPool> informer;
    private volatile PoolCatalog catalog = PoolCatalog.empty();

    public KubePoolSource(KubernetesClient client) {
        this.informer = client.resources(IPPool.class).runnableInformer(0L);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(IPPool pool) {
                recompile("added", pool);
            }

            @Override
            public void onUpdate(IPPool oldPool, IPPool pool) {
                if (!java.util.Objects.equals(oldPool.getMetadata().getGeneration(), pool.getMetadata().getGeneration())) {
                    recompile("updated", pool);
                }
            }

            @Override
            public void onDelete(IPPool pool, boolean unknownFinalState) {
                recompile("deleted", pool);
            }
        });
        informer.run(); // returns once the first list is in the store
        recompile("synced", null);
    }

    private synchronized void recompile(String event, IPPool pool) {
        catalog = PoolCatalog.of(informer.getStore().list());
        if (pool != null) {
            LOG.info("pool {} name={} pools={}", event, pool.getMetadata().getName(), catalog.all().size());
        }
    }

    @Override
    public PoolCatalog catalog() {
        return catalog;
    }

    @Override
    public List<IPPool> pools() {
        return informer.getStore().list();
    }

    @Override
    public boolean ready() {
        return informer.hasSynced();
    }

    @Override
    public void close() {
        informer.close();
    }
}
