package io.stickyip.runtime.pools;

import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import java.util.List;

/** Where a deployable learns the IPPools: the Kubernetes API (informer) or a file (standalone). */
public interface PoolSource extends AutoCloseable {

    /** The current pools as compiled catalog; cheap, called per admission. */
    PoolCatalog catalog();

    /** The current pool objects (for overlap validation). */
    List<IPPool> pools();

    /** True once the first full list has been loaded. */
    boolean ready();

    @Override
    void close();
}
