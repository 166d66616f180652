package io.stickyip.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolStatusWriterTest {
    @Test
    void countsOnlyTheHeldAddressesInsideThePool() throws Exception {
        IPPool pool = Pools.pool("demo", "10.77.0.0/24", spec -> spec.setGateway("10.77.0.1"));
        WorkloadRef w = new WorkloadRef("shop", "deployment", "db");
        IPPoolStatus s = PoolStatusWriter.count(
                CompiledPool.of(pool),
                PoolStatusWriter.parse(Map.of("10.77.0.5", w, "10.77.0.6", w, "10.99.0.1", w, "2001:db8::1", w)));
        assertThat(s.getTotal()).isEqualTo(253);
        assertThat(s.getReserved()).isEqualTo(2);
        assertThat(s.getFree()).isEqualTo(251);
        assertThat(s.getNamespaces()).as("no limits, no per-namespace usage").isNull();
    }

    @Test
    void aPoolWithLimitsCountsEachNamespacesAddressesWithoutNamingAWorkload() throws Exception {
        IPPool pool = Pools.pool("shared", "203.0.113.0/24", spec -> spec.setLimits(new Limits(5, null)));
        WorkloadRef db = new WorkloadRef("shop", "deployment", "db");
        WorkloadRef web = new WorkloadRef("shop", "statefulset", "web");
        WorkloadRef tool = new WorkloadRef("dev", "pod", "tool");

        IPPoolStatus s = PoolStatusWriter.count(
                CompiledPool.of(pool),
                PoolStatusWriter.parse(
                        Map.of("203.0.113.5", db, "203.0.113.6", web, "203.0.113.7", tool, "198.51.100.1", tool)));

        assertThat(s.getReserved()).isEqualTo(3);
        assertThat(s.getNamespaces()).containsExactly(Map.entry("dev", 1L), Map.entry("shop", 2L));
        assertThat(Serialization.asJson(s)).doesNotContain("db", "web", "tool", "deployment", "statefulset");
    }
}
