package io.stickyip.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.testing.etcd.EtcdExtension;
import io.stickyip.webhook.it.Reviews.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two webhook replicas sharing one etcd, 100 workloads racing for the 50 addresses of pool
 * "small", each workload admitted twice: every address ends up held by exactly one workload, read
 * back from etcd, and every admitted pod was told the address etcd holds for its workload.
 */
class WebhookRaceIT {
    static final int WORKLOADS = 100;
    static final int ADMISSIONS_PER_WORKLOAD = 2;
    static final int POOL_SIZE = 50;
    static final Duration RETRY_FOR = Duration.ofSeconds(30);
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.plain(); // a fresh etcd for each test

    WebhookFixture a;
    WebhookFixture b;
    ReservationStore store;

    @BeforeEach
    void start() {
        String prefix = "/race-" + UUID.randomUUID() + "/";
        a = WebhookFixture.start(etcd.endpoint(), prefix);
        b = a.replica();
        store = new EtcdReservationStore(EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix));
    }

    @AfterEach
    void stop() {
        store.close();
        b.close();
        a.close();
    }

    @Test
    void everyAddressIsHeldByExactlyOneWorkload() throws Exception {
        Map<String, List<Answer>> answers = burst(() -> {});
        assertInvariants(answers, false);
    }

    @Test
    void everyAddressIsHeldByExactlyOneWorkloadAcrossAnEtcdRestart() throws Exception {
        Map<String, List<Answer>> answers = burst(() -> {
            etcd.stop();
            etcd.start();
        });
        // workloads denied while etcd was down try again until the store answers, as the
        // ReplicaSet controller would (with backoff, bounded here)
        for (int w = 0; w < WORKLOADS; w++) {
            String name = "w" + w;
            List<Answer> tried = answers.get(name);
            if (tried.getLast().code() == 503) {
                await(name + " answered by the store")
                        .atMost(RETRY_FOR)
                        .pollInterval(RETRY_PAUSE)
                        .until(() -> {
                            tried.add(Reviews.answer(
                                    a.post("/mutate", review(name)).body()));
                            return tried.getLast().code() != 503;
                        });
            }
        }
        assertInvariants(answers, true);
    }

    private Map<String, List<Answer>> burst(Runnable midway) throws Exception {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < ADMISSIONS_PER_WORKLOAD; i++) {
            for (int w = 0; w < WORKLOADS; w++) {
                order.add("w" + w);
            }
        }
        Collections.shuffle(order);
        Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                String name = order.get(i);
                WebhookFixture target = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> answers.computeIfAbsent(
                                name, n -> Collections.synchronizedList(new ArrayList<>()))
                        .add(Reviews.answer(target.post("/mutate", review(name)).body()))));
                if (i == order.size() / 2) {
                    // the outage comes when half of the admissions are answered, not merely queued
                    for (Future<?> f : futures) {
                        f.get(120, TimeUnit.SECONDS);
                    }
                    midway.run();
                }
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return answers;
    }

    private static String review(String name) {
        return Reviews.barePod("default", name, Map.of("stickyip.io/pool", "small"));
    }

    private void assertInvariants(Map<String, List<Answer>> answers, boolean outage) throws Exception {
        Map<String, WorkloadRef> holders = store.holders().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<StoredReservation> reservations =
                store.list().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // read back from etcd: each address one holder (a map), each holder one address, pool fully used
        assertThat(holders).hasSize(POOL_SIZE);
        assertThat(new HashMap<>(holders).values().stream().distinct().count()).isEqualTo(POOL_SIZE);
        assertThat(reservations).hasSize(POOL_SIZE);
        Map<WorkloadRef, String> byWorkload = new HashMap<>();
        for (StoredReservation r : reservations) {
            String address = r.reservation().addresses().getFirst();
            assertThat(holders.get(address)).isEqualTo(r.reservation().workload());
            byWorkload.put(r.reservation().workload(), address);
        }
        int admittedWorkloads = 0;
        for (Map.Entry<String, List<Answer>> e : answers.entrySet()) {
            WorkloadRef w = new WorkloadRef("default", "pod", e.getKey());
            List<Answer> admitted =
                    e.getValue().stream().filter(Answer::allowed).toList();
            for (Answer x : admitted) {
                assertThat(x.reservedIp())
                        .as("pod of %s told what etcd holds", w)
                        .isEqualTo(byWorkload.get(w));
            }
            for (Answer x : e.getValue().stream().filter(x -> !x.allowed()).toList()) {
                assertThat(x.message())
                        .satisfiesAnyOf(
                                m -> assertThat(m).contains("stickyip.io/pool: small has no free address"),
                                m -> assertThat(m).contains("could not reserve a free address"),
                                m -> assertThat(outage).isTrue());
            }
            if (!admitted.isEmpty()) {
                admittedWorkloads++;
            }
        }
        assertThat(admittedWorkloads).isEqualTo(POOL_SIZE);
    }
}
