package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.StoreUnavailableException;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What callers see while etcd is down, and that the store finds etcd again once it is back. */
public class EtcdOutageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Completing a timed-out call needs a thread too; the machine running the tests may be busy. */
    private static final long SCHEDULING_SLACK_MILLIS = 500;

    private static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private EtcdStoreConfig config;
    private EtcdReservationStore store;

    @BeforeAll
    static void startEtcd() {
        warmUp(etcd.endpoint());
    }

    /** The first call in a JVM loads gRPC, Netty and protobuf (about a second); keep that out of timed calls. */
    public static void warmUp(String endpoint) {
        try (EtcdReservationStore store =
                new EtcdReservationStore(EtcdStoreConfig.of(endpoint).withTimeout(Duration.ofSeconds(30)))) {
            EtcdReservationStoreIT.join(store.find(DB, 0));
        }
    }

    @BeforeEach
    void openStore() {
        config = EtcdStoreConfig.of(etcd.endpoint())
                .withPrefix("/stickyip-it/" + UUID.randomUUID() + "/")
                .withTimeout(TIMEOUT);
        store = new EtcdReservationStore(config);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void claimFailsWithinTheTimeoutSayingEtcdIsUnavailable() {
        assertThat(EtcdReservationStoreIT.join(store.claim(ClaimRequest.of(DB, 0, "", List.of("10.0.0.1")))))
                .isInstanceOf(ClaimResult.Created.class);
        etcd.stop();

        for (int i = 0; i < 3; i++) {
            StoreUnavailableException failure = failure(store.claim(ClaimRequest.of(DB, 1, "", List.of("10.0.0.2"))));
            assertThat(failure.getMessage())
                    .contains("etcd is unavailable at " + etcd.endpoint(), "claim of " + DB + " slot 1");
        }
    }

    @Test
    void everyCallFailsAsUnavailableWhileEtcdIsDown() {
        etcd.stop();

        assertThat(failure(store.find(DB, 0)).getMessage()).contains("etcd is unavailable");
        assertThat(failure(store.list()).getMessage()).contains("etcd is unavailable");
        assertThat(failure(store.holders()).getMessage()).contains("etcd is unavailable");
        assertThat(failure(store.releaseWorkload(DB, 1)).getMessage()).contains("etcd is unavailable");
    }

    @Test
    void aStoreOpenedWhileEtcdIsDownWorksOnceEtcdIsBack() {
        etcd.stop();
        store.close();
        store = new EtcdReservationStore(config);
        failure(store.find(DB, 0));

        etcd.start();

        awaitClaimSucceeds(ClaimRequest.of(DB, 0, "", List.of("10.0.0.1")));
    }

    @Test
    void findsEtcdAgainAfterALongOutageWithCallsDuringIt() {
        etcd.stop();
        long downSince = System.nanoTime();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    failure(store.find(DB, 0));
                    return System.nanoTime() - downSince
                            > Duration.ofSeconds(20).toNanos();
                });

        etcd.start();
        long upSince = System.nanoTime();
        awaitClaimSucceeds(ClaimRequest.of(DB, 0, "", List.of("10.0.0.1")));

        // gRPC alone would wait out its reconnect backoff (here ~5-10 s, up to 2 min after long outages)
        long millis = (System.nanoTime() - upSince) / 1_000_000;
        assertThat(millis)
                .as("claim succeeded %d ms after etcd was back", millis)
                .isLessThan(3 * TIMEOUT.toMillis());
    }

    private void awaitClaimSucceeds(ClaimRequest request) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(StoreUnavailableException.class)
                .until(() -> {
                    try {
                        return store.claim(request).toCompletableFuture().get(5, TimeUnit.SECONDS)
                                instanceof ClaimResult.Created;
                    } catch (ExecutionException e) {
                        throw (Exception) e.getCause();
                    }
                });
    }

    /** The call's StoreUnavailableException; asserts it came within the timeout (plus scheduling slack). */
    static StoreUnavailableException failure(CompletionStage<?> call) {
        long started = System.nanoTime();
        try {
            Object value = call.toCompletableFuture().get(TIMEOUT.toMillis() * 5, TimeUnit.MILLISECONDS);
            return fail("expected StoreUnavailableException, got " + value);
        } catch (ExecutionException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis)
                    .as("failure after %d ms", millis)
                    .isLessThanOrEqualTo(TIMEOUT.toMillis() + SCHEDULING_SLACK_MILLIS);
            assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class);
            return (StoreUnavailableException) e.getCause();
        } catch (Exception e) {
            return fail("no answer within 5 timeouts", e);
        }
    }
}
