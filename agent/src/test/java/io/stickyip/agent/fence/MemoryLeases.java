package io.stickyip.agent.fence;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The Lease store in memory: a resourceVersion per write, writes counted, and an outage on demand. */
public final class MemoryLeases implements LeaseApi {
    final Map<String, Lease> stored = new TreeMap<>();
    final List<Lease> written = new ArrayList<>();
    private long version;
    boolean down;

    @Override
    public synchronized Optional<Lease> get(String name) {
        fail();
        return Optional.ofNullable(stored.get(name));
    }

    @Override
    public synchronized Lease apply(Lease lease) {
        fail();
        Lease copy = new LeaseBuilder(lease)
                .editMetadata()
                .withResourceVersion(Long.toString(++version))
                .endMetadata()
                .build();
        stored.put(copy.getMetadata().getName(), copy);
        written.add(copy);
        return copy;
    }

    @Override
    public synchronized List<Lease> listAll() {
        fail();
        return List.copyOf(stored.values());
    }

    @Override
    public synchronized void delete(String name) {
        fail();
        stored.remove(name);
    }

    /** An outage ({@code true}) until called with {@code false}: every call throws meanwhile. */
    public synchronized void down(boolean down) {
        this.down = down;
    }

    synchronized int writes() {
        return written.size();
    }

    private void fail() {
        if (down) {
            throw new KubernetesClientException("the API server is unreachable (test)");
        }
    }
}
