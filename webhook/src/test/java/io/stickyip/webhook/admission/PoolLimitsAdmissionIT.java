package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.contract.Annotations;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.testing.etcd.EtcdExtension;
import io.stickyip.webhook.it.Reviews;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool's limits at admission, two replicas over one real etcd: a tenant creating pods at once
 * gets no more of the pool than its namespace's limit, each refusal naming the pool, the limit
 * and the rule; another namespace still gets addresses.
 */
class PoolLimitsAdmissionIT {
    static final Map<String, String> POOL = Map.of(Annotations.POOL, AdmissionReplica.POOL);

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    AdmissionReplica a;
    AdmissionReplica b;

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    void replicas(Limits limits) {
        IPPool pool = AdmissionReplica.pool();
        pool.getSpec().setLimits(limits);
        String prefix = "/limits-admission-it/" + UUID.randomUUID() + "/";
        a = new AdmissionReplica(etcd.endpoint(), prefix, 1, pool);
        b = new AdmissionReplica(etcd.endpoint(), prefix, 1, pool);
    }

    List<AdmissionDecision> twentyAtOnce(String namespace) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<AdmissionDecision>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                AdmissionReplica target = i % 2 == 0 ? a : b;
                futures.add(threads.submit(() -> target.admit(Reviews.generatedBarePod(namespace, "job-", POOL))));
            }
            List<AdmissionDecision> decisions = new ArrayList<>();
            for (Future<AdmissionDecision> f : futures) {
                decisions.add(f.get(60, TimeUnit.SECONDS));
            }
            return decisions;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aNamespaceGetsNoMoreThanItsLimitAndIsToldWhy() throws Exception {
        replicas(new Limits(5, null));

        List<AdmissionDecision> decisions = twentyAtOnce("dev");

        assertThat(decisions)
                .filteredOn(AdmissionDecision.Patch.class::isInstance)
                .hasSize(5);
        assertThat(decisions)
                .filteredOn(AdmissionDecision.Deny.class::isInstance)
                .hasSize(15)
                .allSatisfy(
                        d -> assertThat(((AdmissionDecision.Deny) d).message())
                                .isEqualTo(
                                        "namespace dev holds 5 addresses of pool " + AdmissionReplica.POOL
                                                + ", its limit (spec.limits.perNamespace); delete a workload or ask for a higher limit"));
        assertThat(a.admit(Reviews.generatedBarePod("prod", "job-", POOL))).isInstanceOf(AdmissionDecision.Patch.class);
    }

    @Test
    void withoutALimitEveryPodIsAdmitted() throws Exception {
        replicas(null);

        assertThat(twentyAtOnce("dev")).allMatch(AdmissionDecision.Patch.class::isInstance);
    }
}
