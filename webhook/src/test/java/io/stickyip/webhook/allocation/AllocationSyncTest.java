package io.stickyip.webhook.allocation;

import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.webhook.testing.MapStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationSyncTest {

    @Test
    void isHealthyOnceSyncedAndUnhealthyOnlyAfterThreeFailuresInARow() {
        MapStore store = new MapStore();
        store.holders.put("10.77.0.1", new WorkloadRef("shop", "deployment", "db"));
        AllocationCache cache = new AllocationCache();
        AllocationSync sync = new AllocationSync(store, cache);
        assertThat(sync.healthy()).as("never synced").isFalse();

        sync.refresh();
        assertThat(sync.healthy()).isTrue();
        assertThat(cache.lastKnownHolder("10.77.0.1")).contains(new WorkloadRef("shop", "deployment", "db"));

        store.down = true;
        sync.refresh();
        sync.refresh();
        assertThat(sync.healthy()).as("two slow listings are not an outage").isTrue();
        sync.refresh();
        assertThat(sync.healthy()).isFalse();

        store.down = false;
        sync.refresh();
        assertThat(sync.healthy()).isTrue();
    }
}
