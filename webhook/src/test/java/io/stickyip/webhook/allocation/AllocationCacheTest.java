package io.stickyip.webhook.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.watch.HolderEvent;
import io.stickyip.store.watch.HolderIndex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationCacheTest {
    static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");

    final HolderIndex index = new HolderIndex();
    final AllocationCache cache = new AllocationCache(index);
    final CompiledPool pool = pool(); // 10.77.0.2 .. 10.77.0.6

    @Test
    void buildsFromTheViewThenFollowsItsChanges() {
        index.reset(Map.of("10.77.0.2", DB), 5);
        assertThat(cache.freeCount(pool)).isEqualTo(4);
        assertThat(cache.lastKnownHolder("10.77.0.2")).contains(DB);

        cache.changed(index.apply(List.of(
                new HolderEvent.Held("10.77.0.3", DB, 6),
                new HolderEvent.Held("10.77.0.4", DB, 6),
                new HolderEvent.Freed("10.77.0.2", 7))));

        assertThat(cache.freeCount(pool)).isEqualTo(3);
        assertThat(cache.pick(pool, 5))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("10.77.0.2", "10.77.0.5", "10.77.0.6");
        assertThat(cache.lastKnownHolder("10.77.0.2")).isEmpty();
    }

    @Test
    void aNewListingRebuildsTheBitmapsFromTheViewAlone() {
        index.reset(Map.of(), 5);
        assertThat(cache.freeCount(pool)).isEqualTo(5);
        cache.markTaken("10.77.0.6"); // this replica's claim, before the watch brings it
        assertThat(cache.freeCount(pool)).isEqualTo(4);

        index.reset(Map.of("10.77.0.2", DB, "10.77.0.3", DB), 9);
        cache.reset();

        assertThat(cache.freeCount(pool)).isEqualTo(3);
    }

    private static CompiledPool pool() {
        try {
            return CompiledPool.of(Pools.pool("demo", "10.77.0.0/29", spec -> spec.setGateway("10.77.0.1")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
