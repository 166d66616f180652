package io.stickyip.controller.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.testing.reservation.MapOccupancy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the occupant keeper writes when the pod view tells it of a pod. */
class OccupantKeeperTest {
    static final WorkloadRef DB = new WorkloadRef("shop", WorkloadRef.STATEFULSET, "db");
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    final MapOccupancy store = new MapOccupancy();
    final OccupantKeeper keeper = new OccupantKeeper(store, Clock.fixed(T0, ZoneOffset.UTC));

    static Pod pod(String namespace, String name, String uid, String claim) {
        return Pods.claimed(namespace, name, "shop/statefulset/db", "0", claim)
                .editMetadata()
                .withUid(uid)
                .endMetadata()
                .build();
    }

    @Test
    void adoptsAFreeSlotForALivePodOfTheWorkloadsOwnNamespace() {
        keeper.live(pod("shop", "db-0", "uid-own", "claim-own"));

        assertThat(store.get(DB, 0)).isNotNull();
        assertThat(store.get(DB, 0).occupant().podUid()).isEqualTo("uid-own");
    }

    @Test
    void neverAdoptsASlotForAPodOfAnotherNamespace() {
        keeper.live(pod("intruder", "db-0", "uid-intruder", "claim-intruder"));

        assertThat(store.get(DB, 0))
                .as("a pod of another namespace takes no slot of shop's workload")
                .isNull();
    }

    @Test
    void neverBindsAnotherNamespacesPodOfTheSameNameOrClaim() {
        store.put(DB, 0, Occupant.pending("claim-own", "db-0", T0));

        keeper.live(pod("intruder", "db-0", "uid-intruder", "claim-own"));

        assertThat(store.get(DB, 0).occupant()).isEqualTo(Occupant.pending("claim-own", "db-0", T0));
    }

    @Test
    void bindsThePendingOccupantToItsOwnPod() {
        store.put(DB, 0, Occupant.pending("claim-own", "db-0", T0));

        keeper.live(pod("shop", "db-0", "uid-own", "claim-own"));

        assertThat(store.get(DB, 0).occupant().podUid()).isEqualTo("uid-own");
    }

    @Test
    void aGonePodOfAnotherNamespaceVacatesNothing() {
        store.put(DB, 0, Occupant.pending("claim-own", "db-0", T0));

        keeper.gone(pod("intruder", "db-0", "uid-intruder", "claim-own"));

        assertThat(store.get(DB, 0)).as("shop's pending occupant stays").isNotNull();
    }

    @Test
    void aGoneOwnPodVacatesItsSlot() {
        store.put(DB, 0, new Occupant("claim-own", "db-0", "uid-own", T0));

        keeper.gone(pod("shop", "db-0", "uid-own", "claim-own"));

        assertThat(store.get(DB, 0)).isNull();
    }
}
