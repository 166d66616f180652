package io.stickyip.store.watch;

import static io.stickyip.store.EtcdReservationStoreIT.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.EtcdOutageIT;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The watched holder view against a real etcd: changes arrive without listings, compactions and outages converge. */
class EtcdHolderWatchIT {
    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    private static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private EtcdReservationStore writer;
    private EtcdReservationStore watched;
    private EtcdHolderWatch watch;
    private final HolderIndex index = new HolderIndex();
    private final AtomicInteger resets = new AtomicInteger();
    private final List<HolderEvent> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startEtcd() {
        EtcdOutageIT.warmUp(etcd.endpoint());
    }

    @BeforeEach
    void openStores() {
        EtcdStoreConfig config = EtcdStoreConfig.of(etcd.endpoint())
                .withPrefix("/stickyip-it/" + UUID.randomUUID() + "/")
                .withTimeout(Duration.ofSeconds(1));
        writer = new EtcdReservationStore(config.withTimeout(Duration.ofSeconds(10)));
        join(writer.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.1"))));
        watched = new EtcdReservationStore(config);
        watch = watched.watchHolders(index, new HolderListener() {
            @Override
            public void reset() {
                resets.incrementAndGet();
            }

            @Override
            public void changed(List<HolderEvent> applied) {
                heard.addAll(applied);
            }
        });
        await().atMost(WITHIN).until(watch::current);
    }

    @Test
    void anIdleViewIsConfirmedCurrentByTheAnswerToEachProgressRequest() {
        for (int i = 0; i < 3; i++) {
            long before = watch.lastHeardNanos();
            watch.requestProgress();
            await("a progress answer after request " + (i + 1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> watch.lastHeardNanos() > before);
        }
        assertThat(watch.current()).isTrue();
    }

    @AfterEach
    void closeStores() {
        watched.close();
        writer.close();
    }

    @Test
    void claimsAndReleasesOfAnotherClientArriveWithoutAListing() {
        assertThat(index.holders()).containsOnlyKeys("192.0.2.1");

        assertThat(join(writer.claim(ClaimRequest.of(WEB, 0, "p", List.of("192.0.2.2")))))
                .isInstanceOf(ClaimResult.Created.class);
        await().atMost(WITHIN).until(() -> index.holder("192.0.2.2").isPresent());
        assertThat(index.holder("192.0.2.2")).contains(WEB);

        StoredReservation db = join(writer.list()).stream()
                .filter(r -> r.reservation().workload().equals(DB))
                .findFirst()
                .orElseThrow();
        assertThat(join(writer.releaseWorkload(DB, db.workloadRevision()))).isTrue();
        await().atMost(WITHIN).until(() -> index.holder("192.0.2.1").isEmpty());

        assertThat(watch.listings()).as("one listing at start, nothing since").isEqualTo(1);
        assertThat(resets).hasValue(1);
        assertThat(heard).extracting(HolderEvent::address).containsExactly("192.0.2.2", "192.0.2.1");
        assertThat(index.holdsAny(DB)).isFalse();
    }

    @Test
    void aWatchResumedAfterACompactionListsOnceAgainAndConverges() throws Exception {
        watch.stopWatching();
        join(writer.claim(ClaimRequest.of(WEB, 0, "p", List.of("192.0.2.2"))));
        StoredReservation db = join(writer.list()).stream()
                .filter(r -> r.reservation().workload().equals(DB))
                .findFirst()
                .orElseThrow();
        join(writer.releaseWorkload(DB, db.workloadRevision()));
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            KV kv = client.getKVClient();
            long now = kv.get(io.etcd.jetcd.ByteSequence.from("/", java.nio.charset.StandardCharsets.UTF_8))
                    .get()
                    .getHeader()
                    .getRevision();
            kv.compact(now).get();
        }
        assertThat(index.holders()).as("the view missed both").containsOnlyKeys("192.0.2.1");

        watch.rewatchFromView();

        await().atMost(WITHIN)
                .until(() -> watch.listings() == 2 && index.holders().equals(join(writer.holders())));
        assertThat(index.holders()).containsOnlyKeys("192.0.2.2");
        assertThat(resets).hasValue(2);
        await().atMost(WITHIN).until(watch::current);
        join(writer.claim(ClaimRequest.of(DB, 1, "p", List.of("192.0.2.3"))));
        await().atMost(WITHIN).until(() -> index.holder("192.0.2.3").isPresent());
        assertThat(watch.listings()).as("watching again after the listing").isEqualTo(2);
    }

    @Test
    void etcdKilledAndRestartedConverges() {
        etcd.stop();
        // the watched store's calls find etcd down meanwhile (as admissions would): it replaces its client
        await().atMost(WITHIN).until(() -> join(watched.find(DB, 0).handle((found, error) -> error != null)));
        etcd.start();

        // the writer reconnects too: a claim is idempotent (Existing once it went through), so try until it answers
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> join(writer.claim(ClaimRequest.of(WEB, 0, "p", List.of("192.0.2.2")))) != null);

        await().atMost(Duration.ofSeconds(60)).until(() -> index.holders().equals(join(writer.holders())));
        assertThat(index.holders()).containsOnlyKeys("192.0.2.1", "192.0.2.2");
        await().atMost(WITHIN).until(watch::current);
    }
}
