package io.stickyip.store;

import static io.stickyip.store.EtcdReservationStoreIT.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.claim.ClaimBatcher;
import io.stickyip.store.claim.ClaimPaths;
import io.stickyip.store.config.ClaimBatching;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.testing.etcd.EtcdExtension;
import io.stickyip.testing.etcd.EtcdProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group commit against a real etcd: claims that arrive while a transaction is in flight go
 * together in one transaction, each with its own guards, so the one whose guard fails (it falls
 * back to a read, alone) fails no other; two claims of one address never share a batch.
 */
class EtcdGroupCommitIT {
    private static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");
    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");
    private static final WorkloadRef LATE = new WorkloadRef("shop", "pod", "late");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private static Client raw;
    private String prefix;
    private EtcdReservationStore other;
    private EtcdReservationStore store;
    private EtcdHolderWatch watch;

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
        prefix = "/stickyip-batch-it/" + UUID.randomUUID() + "/";
        EtcdStoreConfig config = EtcdStoreConfig.of(etcd.endpoint())
                .withPrefix(prefix)
                .withTimeout(Duration.ofSeconds(10))
                .withBatching(
                        new ClaimBatching(64, Duration.ofSeconds(5))); // a window that never ends while etcd is paused
        other = new EtcdReservationStore(config);
        store = new EtcdReservationStore(config);
        watch = HolderViews.current(store);
        join(store.repair());
        join(other.repair());
    }

    @AfterEach
    void closeStores() {
        store.close();
        other.close();
    }

    @Test
    void claimsArrivingWhileATransactionIsInFlightGoTogetherAndOnesConflictFailsNoOther() {
        watch.stopWatching(); // the view will not hear of web's claim: db's write is sent on a stale view
        assertThat(join(other.claim(ClaimRequest.of(WEB, 0, "p", List.of("192.0.2.1")))))
                .isInstanceOf(ClaimResult.Created.class);
        IntStream.range(0, 20)
                .forEach(i -> join(store.claim(ClaimRequest.of(warm(i), 0, "p", List.of("203.0.113." + i)))));
        ClaimBatcher.Counts batchesBefore = store.claimBatches();
        ClaimPaths.Counts pathsBefore = store.claimPaths();

        List<CompletionStage<ClaimResult>> results = new ArrayList<>();
        etcd.pause(); // the first write stays in flight; the others gather behind it until it is answered
        try {
            results.add(store.claim(ClaimRequest.of(pod(0), 0, "p", List.of("192.0.2.10"))));
            IntStream.rangeClosed(1, 8)
                    .forEach(i -> results.add(store.claim(ClaimRequest.of(pod(i), 0, "p", List.of("192.0.2.1" + i)))));
            results.add(store.claim(ClaimRequest.of(DB, 0, "p", List.of("192.0.2.1"))));
            results.add(store.claim(ClaimRequest.of(LATE, 0, "p", List.of("192.0.2.11"))));
        } finally {
            etcd.resume();
        }

        List<ClaimResult> answered =
                results.stream().map(EtcdReservationStoreIT::join).toList();
        assertThat(answered.get(0)).isInstanceOf(ClaimResult.Created.class);
        assertThat(answered.subList(2, 9))
                .allSatisfy(result -> assertThat(result).isInstanceOf(ClaimResult.Created.class));
        assertThat(answered.get(9))
                .as("db's guard failed, its read found web")
                .isEqualTo(new ClaimResult.Conflict("192.0.2.1", WEB));
        assertThat(answered.get(1)).isInstanceOf(ClaimResult.Created.class);
        assertThat(answered.get(10))
                .as("late wanted pod-1's address: never in pod-1's batch, it went after it and lost")
                .isEqualTo(new ClaimResult.Conflict("192.0.2.11", pod(1)));
        assertThat(store.claimBatches())
                .as("pod-0 alone, pod-1..8 and db together, late alone")
                .isEqualTo(new ClaimBatcher.Counts(
                        batchesBefore.transactions() + 3, batchesBefore.writes() + 11, batchesBefore.batched() + 9, 9));
        assertThat(store.claimPaths())
                .as("every claim wrote first, two guards failed")
                .isEqualTo(new ClaimPaths.Counts(
                        pathsBefore.readFirst(), pathsBefore.writeFirst() + 11, pathsBefore.guardFailed() + 2));
        List<Long> revisions = IntStream.rangeClosed(1, 8)
                .mapToObj(i -> modRevision("ips/192.0.2.1" + i))
                .distinct()
                .toList();
        assertThat(revisions).as("pod-1..8 written by one transaction").hasSize(1);
        assertThat(modRevision("ips/192.0.2.10")).as("pod-0 before them, alone").isLessThan(revisions.getFirst());
        Map<String, WorkloadRef> holders = EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
        assertThat(holders).hasSize(30).containsEntry("192.0.2.1", WEB).containsEntry("192.0.2.11", pod(1));
    }

    @Test
    void batchingOffSendsEveryWriteAlone() {
        EtcdStoreConfig config =
                EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix).withBatching(ClaimBatching.OFF);
        try (EtcdReservationStore unbatched = new EtcdReservationStore(config)) {
            List<CompletableFuture<ClaimResult>> results = IntStream.range(0, 20)
                    .mapToObj(i -> unbatched
                            .claim(ClaimRequest.of(pod(i), 0, "p", List.of("198.51.100." + i)))
                            .toCompletableFuture())
                    .toList();

            assertThat(results.stream().map(EtcdReservationStoreIT::join))
                    .allSatisfy(result -> assertThat(result).isInstanceOf(ClaimResult.Created.class));
            assertThat(unbatched.claimBatches()).isEqualTo(new ClaimBatcher.Counts(20, 20, 0, 0));
        }
        EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
    }

    @Test
    void aBatchEtcdRefusesWholeIsSentAgainClaimByClaim() {
        // five one-address claims nested under a Then of five exceed 8 operations on a path; one alone is 4
        try (EtcdProcess strict = EtcdProcess.startNewWithFlags("--max-txn-ops", "8");
                EtcdReservationStore small = new EtcdReservationStore(EtcdStoreConfig.of(strict.endpoint())
                        .withPrefix(prefix)
                        .withTimeout(Duration.ofSeconds(10))
                        .withBatching(new ClaimBatching(64, Duration.ofSeconds(5))))) {
            HolderViews.current(small); // so the claims write first, straight into the batcher
            join(small.repair());
            List<CompletionStage<ClaimResult>> results = new ArrayList<>();
            strict.pause();
            try {
                IntStream.rangeClosed(0, 5)
                        .forEach(i ->
                                results.add(small.claim(ClaimRequest.of(pod(i), 0, "p", List.of("192.0.2.5" + i)))));
            } finally {
                strict.resume();
            }

            assertThat(results.stream().map(EtcdReservationStoreIT::join))
                    .allSatisfy(result -> assertThat(result).isInstanceOf(ClaimResult.Created.class));
            assertThat(small.claimBatches())
                    .as("pod-0 alone, the refused batch of five, then the five alone")
                    .isEqualTo(new ClaimBatcher.Counts(7, 11, 5, 5));
            assertThat(EtcdInvariants.assertConsistent(strict.endpoint(), prefix))
                    .hasSize(6);
        }
    }

    private static WorkloadRef warm(int i) {
        return new WorkloadRef("warm", "pod", "pod-" + i);
    }

    private static WorkloadRef pod(int i) {
        return new WorkloadRef("shop", "pod", "pod-" + i);
    }

    private long modRevision(String key) {
        try {
            List<KeyValue> kvs = raw.getKVClient()
                    .get(ByteSequence.from(prefix + key, StandardCharsets.UTF_8))
                    .get()
                    .getKvs();
            assertThat(kvs).as(key).hasSize(1);
            return kvs.getFirst().getModRevision();
        } catch (Exception e) {
            throw new AssertionError("cannot read " + key, e);
        }
    }
}
