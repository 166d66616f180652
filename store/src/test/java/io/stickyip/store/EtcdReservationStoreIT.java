package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's contract against a real etcd; each test under its own key prefix. */
public class EtcdReservationStoreIT {

    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    private static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private EtcdStoreConfig config;
    private EtcdReservationStore store;

    @BeforeEach
    void openStore() {
        config = EtcdStoreConfig.of(etcd.endpoint()).withPrefix("/stickyip-it/" + UUID.randomUUID() + "/");
        store = new EtcdReservationStore(config);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void createsAReservationAndFindsIt() {
        ClaimResult result = join(store.claim(ClaimRequest.of(DB, 0, "public", List.of("203.0.113.7"))));

        assertThat(result).isInstanceOfSatisfying(ClaimResult.Created.class, created -> {
            assertThat(created.reservation().addresses()).containsExactly("203.0.113.7");
            assertThat(created.reservation().pool()).isEqualTo("public");
        });
        assertThat(join(store.find(DB, 0))).contains(((ClaimResult.Created) result).reservation());
        assertThat(join(store.find(DB, 1))).isEmpty();
        assertThat(join(store.holders())).containsExactly(Map.entry("203.0.113.7", DB));
    }

    @Test
    void claimingTheSameSlotAgainReturnsTheSameAddresses() {
        Reservation first = created(store.claim(ClaimRequest.of(DB, 0, "public", List.of("203.0.113.7"))));

        ClaimResult again = join(store.claim(ClaimRequest.of(DB, 0, "public", List.of("203.0.113.8"))));

        assertThat(again).isEqualTo(new ClaimResult.Existing(first));
        assertThat(join(store.holders())).containsOnlyKeys("203.0.113.7");
    }

    @Test
    void anotherWorkloadClaimingAHeldAddressGetsAConflictNamingTheHolder() {
        created(store.claim(ClaimRequest.of(DB, 0, "", List.of("10.0.0.5"))));

        ClaimResult result = join(store.claim(ClaimRequest.of(WEB, 0, "", List.of("10.0.0.6", "10.0.0.5"))));

        assertThat(result).isEqualTo(new ClaimResult.Conflict("10.0.0.5", DB));
        assertThat(join(store.find(WEB, 0))).isEmpty();
        assertThat(join(store.holders())).containsOnlyKeys("10.0.0.5");
    }

    @Test
    void anExplicitListIsHeldWholeFromTheFirstClaim() {
        List<String> list = List.of("10.0.0.1", "10.0.0.2", "10.0.0.3");
        created(store.claim(new ClaimRequest(DB, 0, "", List.of("10.0.0.1"), list)));

        assertThat(join(store.claim(ClaimRequest.of(WEB, 0, "", List.of("10.0.0.3")))))
                .isEqualTo(new ClaimResult.Conflict("10.0.0.3", DB));
        Map<String, WorkloadRef> holders = join(store.holders());
        assertThat(holders).containsOnlyKeys(list.toArray(String[]::new));
        assertThat(holders.values()).containsOnly(DB);
        assertThat(join(store.list()))
                .extracting(stored -> stored.reservation().slot())
                .containsExactly(0);
    }

    @Test
    void slotsOfOneWorkloadShareTheAddressesItHolds() {
        List<String> list = List.of("10.0.0.1", "10.0.0.2");
        created(store.claim(new ClaimRequest(DB, 0, "", List.of("10.0.0.1"), list)));

        Reservation second = created(store.claim(new ClaimRequest(DB, 1, "", List.of("10.0.0.2"), list)));

        assertThat(second.addresses()).containsExactly("10.0.0.2");
        assertThat(join(store.list()))
                .extracting(stored -> stored.reservation().slot())
                .containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void aSlotCannotTakeAnAddressAnotherSlotOfTheSameWorkloadHas() {
        created(store.claim(ClaimRequest.of(WEB, 18, "p", List.of("10.95.0.38"))));

        ClaimResult second = join(store.claim(ClaimRequest.of(WEB, 19, "p", List.of("10.95.0.38"))));

        assertThat(second).isInstanceOf(ClaimResult.Conflict.class);
        assertThat(((ClaimResult.Conflict) second).address()).isEqualTo("10.95.0.38");
        assertThat(join(store.find(WEB, 19))).isEmpty();
        EtcdInvariants.assertConsistent(etcd.endpoint(), config.prefix());
    }

    @Test
    void anExplicitListAddressBoundToOneSlotIsRefusedToAnother() {
        List<String> list = List.of("10.0.0.1", "10.0.0.2");
        created(store.claim(new ClaimRequest(DB, 0, "", List.of("10.0.0.1"), list)));

        ClaimResult again = join(store.claim(new ClaimRequest(DB, 1, "", List.of("10.0.0.1"), list)));

        assertThat(again).isInstanceOf(ClaimResult.Conflict.class);
        assertThat(join(store.find(DB, 1))).isEmpty();
        assertThat(created(store.claim(new ClaimRequest(DB, 1, "", List.of("10.0.0.2"), list)))
                        .addresses())
                .containsExactly("10.0.0.2");
    }

    @Test
    void listGroupsSlotsByWorkloadWithTheRevisionOfItsLastClaim() {
        created(store.claim(ClaimRequest.of(DB, 0, "", List.of("10.0.0.1"))));
        created(store.claim(ClaimRequest.of(DB, 1, "", List.of("10.0.0.2"))));
        created(store.claim(ClaimRequest.of(WEB, 0, "", List.of("10.0.0.3"))));

        List<StoredReservation> all = join(store.list());

        assertThat(all).hasSize(3);
        long dbRevision = revisionOf(all, DB);
        long webRevision = revisionOf(all, WEB);
        assertThat(all)
                .filteredOn(stored -> stored.reservation().workload().equals(DB))
                .allSatisfy(stored -> assertThat(stored.workloadRevision()).isEqualTo(dbRevision));
        assertThat(webRevision).isGreaterThan(dbRevision);
    }

    @Test
    void releaseAtTheCurrentRevisionFreesEverythingOfTheWorkload() {
        created(store.claim(new ClaimRequest(DB, 0, "", List.of("10.0.0.1"), List.of("10.0.0.1", "10.0.0.2"))));
        created(store.claim(ClaimRequest.of(DB, 1, "", List.of("10.0.0.2"))));
        created(store.claim(ClaimRequest.of(WEB, 0, "", List.of("10.0.0.3"))));

        assertThat(join(store.releaseWorkload(DB, revisionOf(join(store.list()), DB))))
                .isTrue();

        assertThat(join(store.find(DB, 0))).isEmpty();
        assertThat(join(store.find(DB, 1))).isEmpty();
        assertThat(join(store.holders())).containsExactly(Map.entry("10.0.0.3", WEB));
        assertThat(join(store.claim(ClaimRequest.of(WEB, 1, "", List.of("10.0.0.1")))))
                .isInstanceOf(ClaimResult.Created.class);
        EtcdInvariants.assertConsistent(etcd.endpoint(), config.prefix());
    }

    @Test
    void releaseWithAStaleRevisionDeletesNothing() {
        created(store.claim(ClaimRequest.of(DB, 0, "", List.of("10.0.0.1"))));
        long seen = revisionOf(join(store.list()), DB);
        created(store.claim(ClaimRequest.of(DB, 1, "", List.of("10.0.0.2"))));

        assertThat(join(store.releaseWorkload(DB, seen))).isFalse();

        assertThat(join(store.list())).hasSize(2);
        assertThat(join(store.holders())).containsOnlyKeys("10.0.0.1", "10.0.0.2");
    }

    @Test
    void releasesAWorkloadHoldingMoreAddressesThanOneFlatTransactionAllows() {
        for (int slot = 0; slot < 3; slot++) {
            int first = slot * 50;
            List<String> held = IntStream.range(first, first + 50)
                    .mapToObj(i -> "10.9." + (i / 250) + "." + (i % 250))
                    .toList();
            created(store.claim(new ClaimRequest(DB, slot, "", List.of(held.getFirst()), held)));
        }
        assertThat(join(store.holders())).hasSize(150);

        assertThat(join(store.releaseWorkload(DB, revisionOf(join(store.list()), DB))))
                .isTrue();

        assertThat(join(store.holders())).isEmpty();
        assertThat(join(store.list())).isEmpty();
    }

    @Test
    void refusesAClaimOfMoreAddressesThanOneTransactionHolds() {
        List<String> many = IntStream.range(0, EtcdReservationStore.MAX_ADDRESSES_PER_CLAIM + 1)
                .mapToObj(i -> "10.8.0." + i)
                .toList();

        assertThat(store.claim(new ClaimRequest(DB, 0, "", List.of("10.8.0.0"), many))
                        .toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("at most " + EtcdReservationStore.MAX_ADDRESSES_PER_CLAIM);
        assertThat(join(store.holders())).isEmpty();
    }

    @Test
    void releaseOfAWorkloadWithoutReservationsReportsNothingReleased() {
        assertThat(join(store.releaseWorkload(DB, 1))).isFalse();
    }

    @Test
    void reservationsSurviveClosingTheStore() {
        Reservation reservation =
                created(store.claim(ClaimRequest.of(DB, 0, "public", List.of("2001:db8::7", "203.0.113.7"))));
        store.close();

        store = new EtcdReservationStore(config);

        assertThat(join(store.find(DB, 0))).contains(reservation);
        assertThat(join(store.claim(ClaimRequest.of(DB, 0, "public", List.of("2001:db8::7", "203.0.113.7")))))
                .isEqualTo(new ClaimResult.Existing(reservation));
        assertThat(join(store.holders())).containsOnlyKeys("2001:db8::7", "203.0.113.7");
    }

    private static long revisionOf(List<StoredReservation> all, WorkloadRef workload) {
        return all.stream()
                .filter(stored -> stored.reservation().workload().equals(workload))
                .mapToLong(StoredReservation::workloadRevision)
                .findFirst()
                .orElseThrow();
    }

    private static Reservation created(CompletionStage<ClaimResult> claim) {
        ClaimResult result = join(claim);
        assertThat(result).isInstanceOf(ClaimResult.Created.class);
        return ((ClaimResult.Created) result).reservation();
    }

    public static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store call failed: " + e, e);
        }
    }
}
