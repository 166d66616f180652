package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.connection.PagedRange;
import io.stickyip.store.keys.EtcdKeys;
import io.stickyip.store.keys.SlotValue;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 200,000 reservations held (2,000 StatefulSets of 100 slots, one address each, written straight into etcd in the
 * store's key layout): the collector's listing, a restarted webhook's holder view and an admission beside them all
 * work, each listing in pages at one revision. The control: one unpaged range of the same keys is refused by the
 * client's response limit, so this many is past what a single read can carry.
 */
class ManyReservationsIT {
    static final int WORKLOADS = 2_000;
    static final int SLOTS = 100;
    static final int HELD = WORKLOADS * SLOTS;
    /** Puts per seeding transaction, under etcd's --max-txn-ops 128. */
    static final int PUTS_PER_TXN = 120;

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    static String prefix;
    static EtcdStoreConfig config;

    @BeforeAll
    static void twoHundredThousandReservations() throws Exception {
        prefix = "/many/" + UUID.randomUUID() + "/";
        config = EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix).withTimeout(Duration.ofSeconds(10));
        EtcdKeys keys = new EtcdKeys(prefix);
        long started = System.nanoTime();
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            KV kv = client.getKVClient();
            Semaphore inFlight = new Semaphore(16);
            List<CompletableFuture<?>> writes = new ArrayList<>();
            List<Op> ops = new ArrayList<>();
            for (int w = 0; w < WORKLOADS; w++) {
                WorkloadRef workload = workload(w);
                ops.add(Op.put(keys.meta(workload), EtcdKeys.bytes("2026-12-08T03:00:00Z"), PutOption.DEFAULT));
                for (int slot = 0; slot < SLOTS; slot++) {
                    String address = address(w * SLOTS + slot);
                    ops.add(Op.put(keys.ip(address), EtcdKeys.holderValue(workload), PutOption.DEFAULT));
                    ops.add(Op.put(keys.held(workload, address), EtcdKeys.bound(slot), PutOption.DEFAULT));
                    ops.add(Op.put(
                            keys.slot(workload, slot),
                            new SlotValue("replicas-private", List.of(address), "2026-12-08T03:00:00Z").toBytes(),
                            PutOption.DEFAULT));
                    if (ops.size() >= PUTS_PER_TXN - 3) {
                        writes.add(commit(kv, inFlight, ops));
                        ops = new ArrayList<>();
                    }
                }
            }
            writes.add(commit(kv, inFlight, ops));
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        }
        System.out.printf("# %d reservations written in %d ms%n", HELD, (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void theCollectorsListingReadsEveryReservationAndAReleaseFollowsIt() throws Exception {
        try (EtcdReservationStore store = new EtcdReservationStore(config)) {
            WorkloadRef fresh = new WorkloadRef("late", WorkloadRef.STATEFULSET, "db");
            assertThat(join(store.claim(ClaimRequest.of(fresh, 0, "replicas-private", List.of("192.0.2.10")))))
                    .isInstanceOf(ClaimResult.Created.class);

            List<StoredReservation> listed = join(store.list());
            assertThat(listed).hasSize(HELD + 1);
            StoredReservation late = listed.stream()
                    .filter(r -> r.reservation().workload().equals(fresh))
                    .findFirst()
                    .orElseThrow();
            assertThat(join(store.releaseWorkload(fresh, late.workloadRevision())))
                    .as("released at the revision the listing saw")
                    .isTrue();
            assertThat(join(store.list()))
                    .hasSize(HELD)
                    .extracting(r -> r.reservation().workload())
                    .doesNotContain(fresh);
        }
    }

    @Test
    void aRestartedWebhooksHolderViewListsEveryAddressAndAnAdmissionSeesThem() throws Exception {
        try (EtcdReservationStore store = new EtcdReservationStore(config)) {
            HolderIndex index = new HolderIndex();
            HolderViews.current(store, index, Duration.ofSeconds(60));
            assertThat(index.size()).isGreaterThanOrEqualTo(HELD);
            assertThat(index.holder(address(HELD - 1))).contains(workload(WORKLOADS - 1));

            WorkloadRef other = new WorkloadRef("intruder", WorkloadRef.DEPLOYMENT, "web");
            assertThat(join(store.claim(ClaimRequest.of(other, 0, "replicas-private", List.of(address(4242))))))
                    .as("an address held among the 200,000 is refused to another workload")
                    .isInstanceOfSatisfying(ClaimResult.Conflict.class, c -> {
                        assertThat(c.address()).isEqualTo(address(4242));
                        assertThat(c.holder()).isEqualTo(workload(42));
                    });
            Reservation kept = join(store.find(workload(42), 42)).orElseThrow();
            assertThat(kept.addresses()).containsExactly(address(4242));
        }
    }

    @Test
    void oneUnpagedRangeOfTheSameKeysIsRefusedTheControl() {
        try (Client client = Client.builder()
                .endpoints(etcd.endpoint())
                .maxInboundMessageSize(PagedRange.MAX_RESPONSE_BYTES)
                .build()) {
            Throwable refused = catchThrowable(() -> client.getKVClient()
                    .get(
                            new EtcdKeys(prefix).workloads(),
                            GetOption.builder().isPrefix(true).build())
                    .get(2, TimeUnit.MINUTES));
            assertThat(refused).hasStackTraceContaining("RESOURCE_EXHAUSTED");
        }
    }

    static WorkloadRef workload(int w) {
        return new WorkloadRef(
                String.format("tenant-%04d", w), WorkloadRef.STATEFULSET, String.format("database-replicas-%04d", w));
    }

    static String address(int i) {
        return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    private static CompletableFuture<?> commit(KV kv, Semaphore inFlight, List<Op> ops) throws InterruptedException {
        inFlight.acquire();
        return kv.txn().Then(ops.toArray(Op[]::new)).commit().whenComplete((done, error) -> inFlight.release());
    }

    private static <T> T join(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
}
