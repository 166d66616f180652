package io.stickyip.webhook.gc;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.workload.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PoolStatusWriterTest {
    @Test
    void countsOnlyTheHeldAddressesInsideThePool() throws Exception {
        IPPool pool = new IPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName("demo").build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setCidr("10.77.0.0/24");
        spec.setGateway("10.77.0.1");
        pool.setSpec(spec);
        WorkloadRef w = new WorkloadRef("shop", "deployment", "db");
        IPPoolStatus s = PoolStatusWriter.count(CompiledPool.of(pool),
                PoolStatusWriter.parse(Map.of("10.77.0.5", w, "10.77.0.6", w, "10.99.0.1", w, "2001:db8::1", w).keySet()));
        assertThat(s.getTotal()).isEqualTo(253);
        assertThat(s.getReserved()).isEqualTo(2);
        assertThat(s.getFree()).isEqualTo(251);
    }
}
