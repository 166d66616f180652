package io.stickyip.store.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.CompactOption;
import io.stickyip.testing.etcd.EtcdExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A prefix read in pages against a real etcd: every key once, in order, at the first page's revision. */
class PagedRangeIT {
    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    private Client client;
    private KV kv;
    private String prefix;

    @BeforeEach
    void keys() throws Exception {
        client = Client.builder().endpoints(etcd.endpoint()).build();
        kv = client.getKVClient();
        prefix = "/paged/" + UUID.randomUUID() + "/";
        for (int i = 0; i < 23; i++) {
            put(String.format("k%02d", i));
        }
        // a key beside the prefix, sorting right after its keys: never listed
        kv.put(bytes(prefix.substring(0, prefix.length() - 1) + "0"), bytes("v"))
                .get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void everyKeyOnceInOrderOverSeveralPages() throws Exception {
        PagedRange.Listed<String> listed = new PagedRange(kv::get, 5)
                .list(bytes(prefix), PagedRangeIT::names)
                .get(10, TimeUnit.SECONDS);

        assertThat(listed.pages()).isEqualTo(5);
        assertThat(listed.values()).hasSize(23).isSorted().startsWith("k00").endsWith("k22");
        assertThat(listed.values()).doesNotHaveDuplicates();
    }

    @Test
    void aWriteBetweenTwoPagesIsNotSeenTheListingIsOneRevision() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        PagedRange.Reader writingAfterThePage =
                (from, option) -> kv.get(from, option).thenApply(read -> {
                    if (reads.incrementAndGet() == 1) {
                        put("k99");
                        put("k00-later");
                    }
                    return read;
                });

        PagedRange.Listed<String> listed = new PagedRange(writingAfterThePage, 5)
                .list(bytes(prefix), PagedRangeIT::names)
                .get(10, TimeUnit.SECONDS);

        assertThat(listed.values()).hasSize(23).doesNotContain("k99", "k00-later");
        // positive control: the keys were written, and a listing after them sees both
        assertThat(new PagedRange(kv::get, 5)
                        .list(bytes(prefix), PagedRangeIT::names)
                        .get(10, TimeUnit.SECONDS)
                        .values())
                .hasSize(25)
                .contains("k99", "k00-later");
    }

    @Test
    void aRevisionCompactedAwayBetweenTwoPagesStartsTheListingAgain() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        PagedRange.Reader compactingAfterThePage = (from, option) -> kv.get(from, option)
                .whenComplete((read, error) -> {
                    if (error != null) {
                        refused.add(error);
                    }
                })
                .thenCompose(read -> {
                    if (reads.incrementAndGet() != 1) {
                        return CompletableFuture.completedFuture(read);
                    }
                    put("k99"); // a newer revision to compact up to
                    long now = read.getHeader().getRevision() + 1;
                    return kv.compact(
                                    now,
                                    CompactOption.newBuilder()
                                            .withCompactPhysical(true)
                                            .build())
                            .thenApply(compacted -> read);
                });

        PagedRange.Listed<String> listed = new PagedRange(compactingAfterThePage, 5)
                .list(bytes(prefix), PagedRangeIT::names)
                .get(10, TimeUnit.SECONDS);

        assertThat(refused)
                .as("the second page, at the compacted revision")
                .singleElement()
                .satisfies(e -> assertThat(EtcdFailures.compacted(e)).isTrue());
        assertThat(reads.get())
                .as("the first page, then a whole listing of 5 pages")
                .isEqualTo(6);
        assertThat(listed.values()).hasSize(24).contains("k99").doesNotHaveDuplicates();
    }

    private void put(String name) {
        try {
            kv.put(bytes(prefix + name), bytes("v")).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(List<KeyValue> page) {
        return page.stream()
                .map(kv -> kv.getKey().toString(StandardCharsets.UTF_8).replaceAll(".*/", ""))
                .toList();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
