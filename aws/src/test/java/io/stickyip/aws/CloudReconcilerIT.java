package io.stickyip.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.aws.testing.MotoExtension;
import io.stickyip.aws.testing.MotoWorld;
import io.stickyip.core.cloud.aws.Binding;
import io.stickyip.core.cloud.aws.CloudStep;
import io.stickyip.core.cloud.aws.Reconciliation;
import io.stickyip.core.cloud.aws.Reconciliation.Finding;
import io.stickyip.core.cloud.aws.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reconciliation pass against moto: a leaked EIP released after the grace period; vanished and re-associated reservations flagged. */
@ExtendWith(MotoExtension.class)
class CloudReconcilerIT {

    static final Duration GRACE = Duration.ofMinutes(5);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    MotoWorld world;
    List<String> instances;

    @BeforeEach
    void world(MotoWorld world) {
        this.world = world;
        instances = world.instances(2);
    }

    @Test
    void aLeakedEipIsReleasedOnlyAfterTheGracePeriod() {
        String leaked = world.eip(Map.of("kubeip", "reserved"));
        String held = world.eip(Map.of("kubeip", "reserved"));
        try (AwsCloud cloud = world.cloud()) {
            // an association whose reservation never got written (the controller died in between)
            cloud.nodes()
                    .associate(leaked, cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0)));
            cloud.nodes()
                    .associate(held, cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-b", instances.get(1)));
            Binding heldAt = cloud.nodes()
                    .target(MotoWorld.CLUSTER, "public", "node-b", instances.get(1))
                    .binding();
            List<Reconciliation.Held> store = List.of(new Reconciliation.Held(held, "node-b", heldAt));

            Reconciliation.Plan first = cloud.reconciler().judge(MotoWorld.CLUSTER, store, Map.of(), T0, GRACE);
            assertThat(first.of(Finding.Leaked.class))
                    .extracting(l -> l.eip().allocationId())
                    .containsExactly(leaked);
            assertThat(first.of(Finding.Release.class)).isEmpty();
            assertThat(cloud.reconciler().releaseLeaked(first)).isEmpty();

            Reconciliation.Plan later =
                    cloud.reconciler().judge(MotoWorld.CLUSTER, store, first.unheldSince(), T0.plus(GRACE), GRACE);
            assertThat(later.of(Finding.Release.class))
                    .extracting(l -> l.eip().allocationId())
                    .containsExactly(leaked);
            assertThat(later.findings()).hasSize(1);

            assertThat(cloud.reconciler().releaseLeaked(later)).singleElement().isInstanceOf(CloudStep.Released.class);
        }
        assertThat(world.address(leaked).associationId()).isNull();
        assertThat(world.tags(leaked)).doesNotContainKeys(Tags.CLUSTER, Tags.NODE, Tags.BINDING);
        assertThat(world.address(held).networkInterfaceId()).isEqualTo(world.primaryEni(instances.get(1)));
    }

    @Test
    void reservationsWhoseEipVanishedOrWasReassociatedElsewhereAreFlaggedAndLeftAlone() {
        String gone = world.eip(Map.of());
        String moved = world.eip(Map.of());
        String dropped = world.eip(Map.of());
        try (AwsCloud cloud = world.cloud()) {
            Binding a = cloud.nodes()
                    .target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0))
                    .binding();
            cloud.nodes()
                    .associate(moved, cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0)));
            cloud.nodes()
                    .associate(dropped, cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-b", instances.get(1)));
            Binding b = cloud.nodes()
                    .target(MotoWorld.CLUSTER, "public", "node-b", instances.get(1))
                    .binding();
            world.admin.releaseAddress(r -> r.allocationId(gone));
            String otherEni = world.admin
                    .createNetworkInterface(r -> r.subnetId(world.subnetId))
                    .networkInterface()
                    .networkInterfaceId();
            world.admin.associateAddress(
                    r -> r.allocationId(moved).networkInterfaceId(otherEni).allowReassociation(true));
            world.admin.disassociateAddress(
                    r -> r.associationId(world.address(dropped).associationId()));
            List<Reconciliation.Held> store = List.of(
                    new Reconciliation.Held(gone, "node-c", null),
                    new Reconciliation.Held(moved, "node-a", a),
                    new Reconciliation.Held(dropped, "node-b", b));

            Reconciliation.Plan plan = cloud.reconciler().judge(MotoWorld.CLUSTER, store, Map.of(), T0, GRACE);

            assertThat(plan.of(Finding.Vanished.class))
                    .extracting(v -> v.held().allocationId())
                    .containsExactly(gone);
            assertThat(plan.of(Finding.ReassociatedElsewhere.class))
                    .extracting(v -> v.held().allocationId())
                    .containsExactly(moved);
            assertThat(plan.of(Finding.Reassociate.class))
                    .extracting(v -> v.held().allocationId())
                    .containsExactly(dropped);
            assertThat(cloud.reconciler().releaseLeaked(plan)).isEmpty();

            // re-association of the dropped one is safe (nobody holds it): the holder's usual step run does it
            assertThat(cloud.nodes()
                            .associate(
                                    dropped,
                                    cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-b", instances.get(1))))
                    .isInstanceOf(CloudStep.Done.class);
            // the moved one is someone else's now: refused, left where it is
            assertThat(cloud.nodes()
                            .associate(
                                    moved,
                                    cloud.nodes().target(MotoWorld.CLUSTER, "public", "node-a", instances.get(0))))
                    .isInstanceOf(CloudStep.Refused.class);
            assertThat(world.address(moved).networkInterfaceId()).isEqualTo(otherEni);
        }
    }

    @Test
    void manyReservationsAreLookedUpInBatchesAndNoneIsMissed() {
        List<Reconciliation.Held> store = new java.util.ArrayList<>();
        for (int i = 0; i < 205; i++) {
            store.add(new Reconciliation.Held(world.eip(Map.of()), "node-" + i, null));
        }
        store.add(new Reconciliation.Held("eipalloc-0000000000000dead", "node-x", null));
        try (AwsCloud cloud = world.cloud()) {
            Reconciliation.Plan plan = cloud.reconciler().judge(MotoWorld.CLUSTER, store, Map.of(), T0, GRACE);

            assertThat(plan.of(Finding.Vanished.class))
                    .extracting(v -> v.held().holder())
                    .containsExactly("node-x");
            assertThat(cloud.calls().calls()).containsEntry("DescribeAddresses", 1L + 3L);
        }
    }
}
