package io.stickyip.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PoolStatusWriterTest {
    @Test
    void countsOnlyTheHeldAddressesInsideThePool() throws Exception {
        IPPool pool = Pools.pool("demo", "10.77.0.0/24", spec -> spec.setGateway("10.77.0.1"));
        WorkloadRef w = new WorkloadRef("shop", "deployment", "db");
        IPPoolStatus s = PoolStatusWriter.count(
                CompiledPool.of(pool),
                PoolStatusWriter.parse(Map.of("10.77.0.5", w, "10.77.0.6", w, "10.99.0.1", w, "2001:db8::1", w)),
                Set.of());
        assertThat(s.getTotal()).isEqualTo(253);
        assertThat(s.getReserved()).isEqualTo(2);
        assertThat(s.getFree()).isEqualTo(251);
        assertThat(s.getNamespaces()).as("no limits, no per-namespace usage").isNull();
        assertThat(s.getLive()).as("no pod is ready").isZero();
    }

    @Test
    void countsAsLiveTheHeldAddressesWhosePodIsReady() throws Exception {
        IPPool pool = Pools.pool("demo", "10.77.0.0/24", spec -> spec.setGateway("10.77.0.1"));
        WorkloadRef db = new WorkloadRef("shop", "deployment", "db");
        List<Pod> pods = List.of(
                ready(Pods.reserved("shop", "db-a", "shop/deployment/db", "0", "10.77.0.5", "demo"), "True"),
                ready(Pods.reserved("shop", "db-b", "shop/deployment/db", "1", "10.77.0.6", "demo"), "False"),
                Pods.reserved("shop", "db-c", "shop/deployment/db", "2", "10.77.0.7", "demo")
                        .build(), // no condition yet
                ready(Pods.reserved("shop", "other", "shop/pod/other", null, "10.99.0.1", "small"), "True"));

        IPPoolStatus s = PoolStatusWriter.count(
                CompiledPool.of(pool),
                PoolStatusWriter.parse(Map.of("10.77.0.5", db, "10.77.0.6", db, "10.77.0.7", db, "10.99.0.1", db)),
                PoolStatusWriter.ready(pods));

        assertThat(s.getReserved()).isEqualTo(3);
        assertThat(s.getLive())
                .as("only db-a's address is ready, and 10.99.0.1 is not the pool's")
                .isEqualTo(1);
    }

    @Test
    void aReadyPodOfAnotherNamespaceDoesNotMakeAHeldAddressLive() throws Exception {
        IPPool pool = Pools.pool("demo", "10.77.0.0/24", spec -> spec.setGateway("10.77.0.1"));
        WorkloadRef db = new WorkloadRef("shop", "deployment", "db");
        List<Pod> pods =
                List.of(ready(Pods.reserved("dev", "copy", "dev/pod/copy", null, "10.77.0.5", "demo"), "True"));

        IPPoolStatus s = PoolStatusWriter.count(
                CompiledPool.of(pool), PoolStatusWriter.parse(Map.of("10.77.0.5", db)), PoolStatusWriter.ready(pods));

        assertThat(s.getReserved()).isEqualTo(1);
        assertThat(s.getLive())
                .as("shop holds 10.77.0.5; a pod in dev claiming it counts for nothing")
                .isZero();
    }

    @Test
    void everyStatusColumnOfKubectlGetIppoolsButWaitingIsInThePatchAPodPoolGets() throws Exception {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of("../manifests/crds/ippools.stickyip.io-v1.yml")),
                CustomResourceDefinition.class);
        IPPool pool = Pools.pool("demo", "10.77.0.0/24", spec -> spec.setGateway("10.77.0.1"));
        IPPoolStatus s = PoolStatusWriter.count(
                CompiledPool.of(pool),
                PoolStatusWriter.parse(Map.of("10.77.0.5", new WorkloadRef("shop", "deployment", "db"))),
                Set.of());
        JsonNode body = PoolStatusWriter.body(s);

        List<String> statusColumns = crd.getSpec().getVersions().getFirst().getAdditionalPrinterColumns().stream()
                .map(c -> c.getJsonPath())
                .filter(p -> p.startsWith(".status."))
                .toList();
        assertThat(statusColumns).contains(".status.reserved", ".status.free", ".status.live");
        for (String path : statusColumns) {
            JsonNode value = body.at(path.replace('.', '/'));
            if (path.equals(".status.waiting")) {
                assertThat(value.isMissingNode())
                        .as("waiting is the node pools' (CloudPoolStatus)")
                        .isTrue();
            } else {
                assertThat(value.isIntegralNumber()).as("%s in %s", path, body).isTrue();
            }
        }
        assertThat(body.at("/status/reserved").asLong()).isEqualTo(1);
        assertThat(body.at("/status/free").asLong()).isEqualTo(252);
        assertThat(body.at("/status/live").asLong()).isZero();
    }

    private static Pod ready(PodBuilder pod, String status) {
        return pod.withNewStatus()
                .addNewCondition()
                .withType(Annotations.READY_CONDITION)
                .withStatus(status)
                .endCondition()
                .endStatus()
                .build();
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
                        Map.of("203.0.113.5", db, "203.0.113.6", web, "203.0.113.7", tool, "198.51.100.1", tool)),
                Set.of());

        assertThat(s.getReserved()).isEqualTo(3);
        assertThat(s.getNamespaces()).containsExactly(Map.entry("dev", 1L), Map.entry("shop", 2L));
        assertThat(Serialization.asJson(s)).doesNotContain("db", "web", "tool", "deployment", "statefulset");
    }
}
