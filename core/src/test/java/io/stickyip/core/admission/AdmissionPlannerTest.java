package io.stickyip.core.admission;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stickyip.core.contract.Checked;
import io.stickyip.core.contract.FieldError;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AdmissionPlannerTest {
    static final PoolCatalog CATALOG = Pools.catalog(
            pool("demo", "10.77.0.0/24", s -> s.setDns(Pools.dns(List.of("192.0.2.53"), List.of("demo.example")))),
            pool("other", "10.88.0.0/24", s -> s.setDns(Pools.dns(List.of("192.0.2.54"), List.of("other.example")))),
            pool("plain", "10.99.0.0/24"),
            pool("prod-only", "203.0.113.0/28", s -> s.setNamespaces(List.of("prod"))));

    static Pod pod(String name, String ownerKind, String owner, Map<String, String> annotations) {
        PodBuilder b = Pods.pod("demo", name)
                .editMetadata()
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .endSpec();
        if (owner != null) {
            b.editMetadata()
                    .addToOwnerReferences(Pods.owner(ownerKind, owner, true))
                    .endMetadata();
        }
        return b.build();
    }

    static AdmissionPlan valid(Checked<AdmissionPlan> checked) {
        assertThat(checked.errors()).as("errors").isEmpty();
        return ((Checked.Valid<AdmissionPlan>) checked).value();
    }

    static String message(Checked<?> checked) {
        assertThat(checked).isInstanceOf(Checked.Invalid.class);
        return ((Checked.Invalid<?>) checked).message();
    }

    @Test
    void plansRequestWorkloadSlotAndPoolDnsInOnePass() {
        AdmissionPlan plan = valid(AdmissionPlanner.plan(
                pod("db", "ReplicaSet", "db-7d4b9c8f5", Map.of("stickyip.io/pool", "demo")),
                "demo",
                "uid-1",
                "",
                CATALOG));

        assertThat(plan.request().pools()).containsExactly("demo");
        assertThat(plan.workload()).isEqualTo(new WorkloadRef("demo", "replicaset", "db-7d4b9c8f5"));
        assertThat(plan.slot())
                .isEqualTo(new SlotRequest(
                        plan.workload(), "uid-1", "", OptionalInt.empty(), AdmissionPlanner.MAX_POOL_SLOTS));
        assertThat(plan.poolNames()).containsExactly("demo");
        assertThat(plan.dns())
                .hasValueSatisfying(d -> assertThat(d.config().getNameservers()).containsExactly("192.0.2.53"));
    }

    @Test
    void anExplicitListBoundsTheSlotsAndABarePodFixesSlotZero() {
        AdmissionPlan deployment = valid(AdmissionPlanner.plan(
                pod("db", "ReplicaSet", "db-1", Map.of("stickyip.io/ip", "10.99.0.5,10.99.0.6,10.99.0.7")),
                "demo",
                "uid-1",
                "db",
                CATALOG));
        AdmissionPlan bare = valid(AdmissionPlanner.plan(
                pod("db", null, null, Map.of("stickyip.io/pool", "plain")), "demo", "uid-2", "db", CATALOG));

        assertThat(deployment.slot().limit()).isEqualTo(3);
        assertThat(deployment.slot().fixed()).isEmpty();
        assertThat(deployment.dns()).isEmpty();
        assertThat(bare.slot().fixed()).hasValue(0);
        assertThat(bare.slot().limit()).isEqualTo(1);
    }

    @Test
    void reportsTheAnnotationsAndTheMissingOrdinalTogether() {
        Checked<AdmissionPlan> checked = AdmissionPlanner.plan(
                pod(
                        "web-x",
                        "StatefulSet",
                        "web",
                        Map.of("stickyip.io/ip", "10.0.0.300", "stickyip.io/addresses-per-pod", "abc")),
                "demo",
                "uid-1",
                "web-x",
                CATALOG);

        assertThat(message(checked))
                .isEqualTo(
                        "stickyip.io/ip: 10.0.0.300 is not an IP address; "
                                + "stickyip.io/addresses-per-pod: abc is not a whole number; "
                                + "metadata.name: web-x has no StatefulSet ordinal (label apps.kubernetes.io/pod-index or name suffix -N)");
    }

    @Test
    void reportsAPoolTheNamespaceMayNotUseBesideTheMissingOrdinal() {
        Checked<AdmissionPlan> checked = AdmissionPlanner.plan(
                pod("web-x", "StatefulSet", "web", Map.of("stickyip.io/pool", "prod-only")),
                "demo",
                "uid-1",
                "web-x",
                CATALOG);

        assertThat(checked.errors()).extracting(FieldError::field).containsExactly("namespace", "metadata.name");
        assertThat(message(checked)).startsWith("namespace demo may not use pool prod-only; metadata.name: web-x ");
    }

    @Test
    void aPoolSlotIsSlotZerosClaimRenumbered() {
        AdmissionPlan plan = valid(AdmissionPlanner.plan(
                pod("db", "ReplicaSet", "db-1", Map.of("stickyip.io/pool", "demo")), "demo", "uid-1", "", CATALOG));

        SlotPlan seventh = ((Checked.Valid<SlotPlan>) plan.forSlot(7)).value();

        assertThat(seventh).isInstanceOfSatisfying(SlotPlan.FromPools.class, p -> {
            assertThat(p.slot()).isEqualTo(7);
            assertThat(p.poolNames()).containsExactly("demo");
        });
        assertThat(plan.dnsFor(List.of("demo", "demo")).errors()).isEmpty();
        assertThat(((Checked.Valid<?>) plan.dnsFor(List.of("demo"))).value())
                .as("the planned merge, not a new one")
                .isSameAs(plan.dns());
    }

    @Test
    void anExplicitListsOtherSlotIsPlannedWithItsOwnPoolsDns() {
        AdmissionPlan plan = valid(AdmissionPlanner.plan(
                pod(
                        "db",
                        "ReplicaSet",
                        "db-1",
                        Map.of("stickyip.io/ip", "10.77.0.5,10.88.0.5", "stickyip.io/addresses-per-pod", "1")),
                "demo",
                "uid-1",
                "",
                CATALOG));

        SlotPlan second = ((Checked.Valid<SlotPlan>) plan.forSlot(1)).value();

        assertThat(second.poolNames()).containsExactly("other");
        assertThat(plan.dnsFor(second.poolNames()))
                .isInstanceOfSatisfying(
                        Checked.Valid.class, v -> assertThat(v.value()).isNotSameAs(plan.dns()));
        assertThat(message(plan.forSlot(2)))
                .startsWith("stickyip.io/ip: 10.77.0.5,10.88.0.5 has addresses for 2 pod(s); slot 2");
    }

    @Test
    void aPoolsBrokenDnsIsReportedBeforeAnythingIsTaken() {
        PoolCatalog catalog = Pools.catalog(pool(
                "many",
                "10.77.0.0/24",
                s -> s.setDns(
                        Pools.dns(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"), List.of("a.example")))));

        Checked<AdmissionPlan> checked = AdmissionPlanner.plan(
                pod("db", "ReplicaSet", "db-1", Map.of("stickyip.io/pool", "many")), "demo", "uid-1", "", catalog);

        assertThat(checked.errors()).hasSize(1);
        assertThat(checked.errors().getFirst().field()).isEqualTo("spec.dns.nameservers");
        assertThat(message(checked)).startsWith("pool many: spec.dns.nameservers");
    }

    @Test
    void namesEveryPoolTheNamespaceCannotUse() {
        Checked<AdmissionPlan> checked = AdmissionPlanner.plan(
                pod("db", "ReplicaSet", "db-1", Map.of("stickyip.io/pool", "missing,prod-only")),
                "demo",
                "uid-1",
                "",
                CATALOG);

        assertThat(message(checked))
                .isEqualTo("stickyip.io/pool: missing does not exist; namespace demo may not use pool prod-only");
    }

    @Test
    void namesEveryListedAddressOutsideAPool() {
        Checked<AdmissionPlan> checked = AdmissionPlanner.plan(
                pod("db", "ReplicaSet", "db-1", Map.of("stickyip.io/ip", "10.99.0.5,192.0.2.9,203.0.113.3")),
                "demo",
                "uid-1",
                "",
                CATALOG);

        assertThat(message(checked))
                .isEqualTo("stickyip.io/ip: 192.0.2.9 is in no IPPool: create a pool that holds it; "
                        + "namespace demo may not use pool prod-only");
    }
}
