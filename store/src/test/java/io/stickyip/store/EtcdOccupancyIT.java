package io.stickyip.store;

import static io.stickyip.store.EtcdReservationStoreIT.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.OccupyResult;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slot occupancy against a real etcd: every write guarded on what was read. */
class EtcdOccupancyIT {
    private static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private EtcdReservationStore store;
    private EtcdReservationStore other;

    @BeforeEach
    void openStores() {
        EtcdStoreConfig config =
                EtcdStoreConfig.of(etcd.endpoint()).withPrefix("/occupancy-it/" + UUID.randomUUID() + "/");
        store = new EtcdReservationStore(config);
        other = new EtcdReservationStore(config);
    }

    @AfterEach
    void closeStores() {
        store.close();
        other.close();
    }

    static Occupant pending(String token) {
        return Occupant.pending(token, "", NOW);
    }

    @Test
    void aSlotGoesToOneAdmissionAndTheLoserGetsTheCurrentOccupants() {
        OccupyResult first = join(store.occupy(WEB, 0, pending("a"), 0));
        OccupyResult second = join(other.occupy(WEB, 0, pending("b"), 0));

        assertThat(first).isInstanceOf(OccupyResult.Taken.class);
        assertThat(second)
                .isInstanceOfSatisfying(
                        OccupyResult.Lost.class,
                        lost -> assertThat(lost.current())
                                .extracting(o -> o.occupant().token())
                                .containsExactly("a"));
        assertThat(join(store.occupants(WEB))).singleElement().satisfies(o -> {
            assertThat(o.slot()).isZero();
            assertThat(o.revision())
                    .isEqualTo(((OccupyResult.Taken) first).occupant().revision());
        });
    }

    @Test
    void aTakeOverIsGuardedOnTheRevisionRead() {
        StoredOccupant a = ((OccupyResult.Taken) join(store.occupy(WEB, 1, pending("a"), 0))).occupant();
        assertThat(join(store.bind(a, "web-1", "uid-a"))).isTrue();

        assertThat(join(other.occupy(WEB, 1, pending("b"), a.revision())))
                .as("a stale revision: the bind changed the key")
                .isInstanceOf(OccupyResult.Lost.class);
        StoredOccupant bound = join(store.occupants(WEB)).getFirst();
        assertThat(bound.occupant().podUid()).isEqualTo("uid-a");
        assertThat(join(other.occupy(WEB, 1, pending("b"), bound.revision()))).isInstanceOf(OccupyResult.Taken.class);
        assertThat(join(store.occupants(WEB)))
                .extracting(o -> o.occupant().token())
                .containsExactly("b");
    }

    @Test
    void aVacateDeletesOnlyTheOccupantItRead() {
        StoredOccupant a = ((OccupyResult.Taken) join(store.occupy(WEB, 0, pending("a"), 0))).occupant();
        StoredOccupant b = ((OccupyResult.Taken) join(other.occupy(WEB, 0, pending("b"), a.revision()))).occupant();

        assertThat(join(store.vacate(a))).isFalse();
        assertThat(join(store.occupants(WEB))).containsExactly(b);
        assertThat(join(store.vacate(b))).isTrue();
        assertThat(join(store.allOccupants())).isEmpty();
    }

    @Test
    void takingASlotFencesARelaseReadBeforeItAndAReleaseDeletesTheOccupants() {
        assertThat(join(store.claim(ClaimRequest.of(WEB, 0, "p", List.of("10.0.0.1")))))
                .isInstanceOf(ClaimResult.Created.class);
        long seen = join(store.list()).getFirst().workloadRevision();
        join(store.occupy(WEB, 0, pending("recreated"), 0));

        assertThat(join(store.releaseWorkload(WEB, seen)))
                .as("a pod came back in between")
                .isFalse();
        assertThat(join(store.holders())).containsKey("10.0.0.1");

        assertThat(join(store.releaseWorkload(WEB, join(store.list()).getFirst().workloadRevision())))
                .isTrue();
        assertThat(join(store.allOccupants())).isEmpty();
        assertThat(join(store.holders())).isEmpty();
    }
}
