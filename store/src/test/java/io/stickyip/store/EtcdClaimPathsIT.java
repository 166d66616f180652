package io.stickyip.store;

import static io.stickyip.store.EtcdReservationStoreIT.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.claim.ClaimPaths;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.store.watch.HolderEvent;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.store.watch.HolderListener;
import io.stickyip.testing.etcd.EtcdExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One round trip where one is enough, against a real etcd: a first claim the holder view calls free
 * is one guarded write, a re-admission one read and no write, and a view that is wrong costs a
 * failed guard and a read, never a second holder.
 */
class EtcdClaimPathsIT {
    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    private static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private static Client raw;
    private String prefix;
    private EtcdReservationStore other;
    private EtcdReservationStore store;
    private EtcdHolderWatch watch;
    private final HolderIndex index = new HolderIndex();

    @BeforeAll
    static void startEtcd() {
        EtcdOutageIT.warmUp(etcd.endpoint());
        raw = Client.builder().endpoints(etcd.endpoint()).build();
    }

    @AfterAll
    static void stopEtcd() {
        raw.close();
    }

    @BeforeEach
    void openStores() {
        prefix = "/stickyip-it/" + UUID.randomUUID() + "/";
        EtcdStoreConfig config =
                EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix).withTimeout(Duration.ofSeconds(10));
        other = new EtcdReservationStore(config);
        store = new EtcdReservationStore(config);
        watch = store.watchHolders(index, new HolderListener() {
            @Override
            public void reset() {}

            @Override
            public void changed(List<HolderEvent> applied) {}
        });
        await().atMost(WITHIN).until(watch::current);
        join(store.repair());
    }

    @AfterEach
    void closeStores() {
        store.close();
        other.close();
    }

    @Test
    void aFirstClaimTheViewCallsFreeIsOneWriteAndItsReAdmissionOneReadWithoutAWrite() throws Exception {
        long before = revision();
        assertThat(join(store.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.1")))))
                .isInstanceOf(ClaimResult.Created.class);
        assertThat(store.claimPaths()).isEqualTo(new ClaimPaths.Counts(0, 1, 0));
        assertThat(revision()).as("one transaction written").isEqualTo(before + 1);

        await().atMost(WITHIN).until(() -> index.holdsAny(DB));
        long written = revision();
        // a re-admission picks another address the view calls free, but the workload holds one: read first
        ClaimResult again = join(store.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.9"))));

        assertThat(again).isInstanceOf(ClaimResult.Existing.class);
        assertThat(((ClaimResult.Existing) again).reservation().addresses()).containsExactly("192.0.2.1");
        assertThat(store.claimPaths()).isEqualTo(new ClaimPaths.Counts(1, 1, 0));
        assertThat(revision()).as("nothing written").isEqualTo(written);
    }

    @Test
    void aViewThatMissedAnotherClaimCostsAFailedGuardAndARead() {
        watch.stopWatching(); // the view no longer hears anything: it still says everything is free
        assertThat(join(other.claim(ClaimRequest.of(WEB, 0, "p", List.of("192.0.2.2")))))
                .isInstanceOf(ClaimResult.Created.class);
        assertThat(join(other.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.3")))))
                .isInstanceOf(ClaimResult.Created.class);

        ClaimResult taken = join(store.claim(ClaimRequest.of(DB, 1, "p", List.of("192.0.2.2"))));
        ClaimResult sameSlot = join(store.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.4"))));

        assertThat(taken).isEqualTo(new ClaimResult.Conflict("192.0.2.2", WEB));
        assertThat(sameSlot).isInstanceOf(ClaimResult.Existing.class);
        assertThat(((ClaimResult.Existing) sameSlot).reservation().addresses()).containsExactly("192.0.2.3");
        assertThat(store.claimPaths())
                .as("both wrote first, both guards failed, nothing more")
                .isEqualTo(new ClaimPaths.Counts(0, 2, 2));
        Map<String, WorkloadRef> holders = EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
        assertThat(holders).containsOnly(Map.entry("192.0.2.2", WEB), Map.entry("192.0.2.3", DB));
    }

    @Test
    void anExplicitListPartlyHeldByTheWorkloadReadsFirst() {
        assertThat(join(store.claim(
                        new ClaimRequest(DB, 0, "p", List.of("192.0.2.5"), List.of("192.0.2.5", "192.0.2.6")))))
                .isInstanceOf(ClaimResult.Created.class);
        await().atMost(WITHIN).until(() -> index.holder("192.0.2.6").isPresent());

        assertThat(join(store.claim(
                        new ClaimRequest(DB, 1, "p", List.of("192.0.2.6"), List.of("192.0.2.5", "192.0.2.6")))))
                .isInstanceOf(ClaimResult.Created.class);

        assertThat(store.claimPaths()).isEqualTo(new ClaimPaths.Counts(1, 1, 0));
        EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
    }

    private static long revision() throws Exception {
        return raw.getKVClient()
                .get(ByteSequence.from("/", StandardCharsets.UTF_8))
                .get()
                .getHeader()
                .getRevision();
    }
}
