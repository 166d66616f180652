package io.stickyip.controller.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.cloud.aws.ElasticIp;
import io.stickyip.core.cloud.aws.Reconciliation;
import io.stickyip.core.pool.v1alpha1.IPPoolStatus;
import io.stickyip.core.pool.v1alpha1.PoolCondition;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.nodes.NodeAddressReservation;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloudAuditTest {
    static final ElasticIp POD_EIP = new ElasticIp("eipalloc-p", "203.0.113.9", "vpc", "amazon", null, Map.of());
    static final ElasticIp FREE_EIP = new ElasticIp("eipalloc-f", "203.0.113.10", "vpc", "amazon", null, Map.of());

    @Test
    void heldAreTheNodeReservationsAndThePodPoolsAddressesAWorkloadHolds() {
        var stored = List.of(new NodeAddressReservation.Stored(
                new NodeAddressReservation("edge", "node-a", "eipalloc-n", "203.0.113.1"), 3));
        Map<String, String> poolOf = new HashMap<>();

        List<Reconciliation.Held> held = CloudAudit.held(
                stored,
                List.of(new CloudAudit.PodPool("public", List.of(POD_EIP, FREE_EIP))),
                Map.of("203.0.113.9", new WorkloadRef("shop", "deployment", "db")),
                poolOf);

        assertThat(held)
                .extracting(Reconciliation.Held::allocationId, Reconciliation.Held::holder)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("eipalloc-n", "node-a"),
                        org.assertj.core.groups.Tuple.tuple("eipalloc-p", "shop/deployment/db"));
        assertThat(poolOf).containsExactlyInAnyOrderEntriesOf(Map.of("eipalloc-n", "edge", "eipalloc-p", "public"));
    }

    @Test
    void aPodEipBoundByTheAgentIsHeldByTheSlotItsOwnerTagNames() {
        ElasticIp bound = new ElasticIp(
                "eipalloc-b",
                "203.0.113.9",
                "vpc",
                "amazon",
                null,
                Map.of(io.stickyip.core.cloud.aws.Tags.OWNER, "shop/deployment/db/0"));
        ElasticIp foreign = new ElasticIp(
                "eipalloc-x",
                "203.0.113.11",
                "vpc",
                "amazon",
                null,
                Map.of(io.stickyip.core.cloud.aws.Tags.OWNER, "other/deployment/x/0"));
        WorkloadRef db = new WorkloadRef("shop", "deployment", "db");

        List<Reconciliation.Held> held = CloudAudit.held(
                List.of(),
                List.of(new CloudAudit.PodPool("public", List.of(bound, foreign))),
                Map.of("203.0.113.9", db, "203.0.113.11", db),
                new HashMap<>());

        assertThat(held)
                .extracting(Reconciliation.Held::holder)
                .containsExactly("shop/deployment/db/0", "shop/deployment/db");
    }

    @Test
    void aProblemIsFreshOnlyOnTheFirstPassThatSeesIt() {
        var vanished = new Reconciliation.Finding.Vanished(new Reconciliation.Held("eipalloc-n", "node-a", null));
        var plan = new Reconciliation.Plan(List.of(vanished), Map.of());
        Map<String, String> poolOf = Map.of("eipalloc-n", "edge");

        CloudAudit.Report first = CloudAudit.report(plan, poolOf, 0, Set.of());
        String seen = "edge\n" + first.problems().get("edge").getFirst();
        CloudAudit.Report second = CloudAudit.report(plan, poolOf, 0, Set.of(seen));

        assertThat(first.problems().get("edge"))
                .singleElement()
                .asString()
                .contains("eipalloc-n")
                .contains("no longer exists");
        assertThat(first.fresh()).isEqualTo(first.problems());
        assertThat(second.problems()).isEqualTo(first.problems());
        assertThat(second.fresh()).isEmpty();
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        IPPoolStatus before = new IPPoolStatus();
        PoolCondition old = new PoolCondition(PoolCondition.NODES_WAITING, true, "NoFreeAddress", "1 waits");
        old.setLastTransitionTime("2026-12-01T00:00:00Z");
        before.setConditions(List.of(old));
        Instant now = Instant.parse("2026-12-02T00:00:00Z");

        var same = CloudPoolStatus.stamped(
                List.of(new PoolCondition(PoolCondition.NODES_WAITING, true, "NoFreeAddress", "2 wait")), before, now);
        var flipped = CloudPoolStatus.stamped(
                List.of(new PoolCondition(PoolCondition.NODES_WAITING, false, "AllNodesServed", "")), before, now);

        assertThat(same.getFirst().getLastTransitionTime()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(flipped.getFirst().getLastTransitionTime()).isEqualTo("2026-12-02T00:00:00Z");
    }
}
