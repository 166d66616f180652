package io.stickyip.store.connection;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every key under a prefix, read in pages of a bounded number of keys at one revision (the first page's): one
 * consistent snapshot, never one response with every key (a single range of 200,000 reservations is larger than
 * the gRPC message limit). Each page is turned into the caller's values before the next is asked for, so at most
 * one page of raw keys is held. When etcd compacts the revision away between two pages, the listing starts again
 * at a new revision, at most {@value #COMPACTED_RESTARTS} times.
 */
public final class PagedRange {
    /** Keys per page: about 1 MB of slot JSON. */
    public static final int PAGE_KEYS = 5000;
    /**
     * The largest response the store's client takes (gRPC's default is 4 MiB). A page is about 1 MB, so this bounds
     * one page or one transaction, not the store's size; a single range of every reservation would end around
     * 150,000 of them.
     */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    static final int COMPACTED_RESTARTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PagedRange.class);

    /** One range read; {@code kv::get}, or a read that tries a page again while etcd is unreachable. */
    @FunctionalInterface
    public interface Reader {
        CompletableFuture<GetResponse> get(ByteSequence from, GetOption option);
    }

    /** What a listing read: the values in key order, the revision all pages were read at, and the pages. */
    public record Listed<T>(List<T> values, long revision, int pages) {}

    private final Reader reader;
    private final int pageKeys;

    public PagedRange(Reader reader, int pageKeys) {
        if (pageKeys < 1) {
            throw new IllegalArgumentException("pageKeys " + pageKeys + ": a page holds at least one key");
        }
        this.reader = reader;
        this.pageKeys = pageKeys;
    }

    public PagedRange(KV kv) {
        this(kv::get, PAGE_KEYS);
    }

    /** Every key under {@code prefix}, each page mapped by {@code values} (which may drop keys it does not read). */
    public <T> CompletableFuture<Listed<T>> list(ByteSequence prefix, Function<List<KeyValue>, List<T>> values) {
        return attempt(prefix, values, 0);
    }

    private <T> CompletableFuture<Listed<T>> attempt(
            ByteSequence prefix, Function<List<KeyValue>, List<T>> values, int restarts) {
        List<T> into = new ArrayList<>();
        int[] pages = {0};
        return page(prefix, prefix, 0, values, into, pages)
                .thenApply(revision -> new Listed<>(into, revision, pages[0]))
                .exceptionallyCompose(error -> {
                    if (!EtcdFailures.compacted(error) || restarts >= COMPACTED_RESTARTS) {
                        return CompletableFuture.failedFuture(error);
                    }
                    LOG.info(
                            "listing of {} after {} pages: its revision was compacted away; listing again",
                            prefix,
                            pages[0]);
                    return attempt(prefix, values, restarts + 1);
                });
    }

    private <T> CompletableFuture<Long> page(
            ByteSequence prefix,
            ByteSequence from,
            long revision,
            Function<List<KeyValue>, List<T>> values,
            List<T> into,
            int[] pages) {
        GetOption.Builder option =
                GetOption.builder().withRange(OptionsUtil.prefixEndOf(prefix)).withLimit(pageKeys);
        if (revision > 0) {
            option.withRevision(revision);
        }
        return reader.get(from, option.build()).thenCompose(read -> {
            long at = revision > 0 ? revision : read.getHeader().getRevision();
            into.addAll(values.apply(read.getKvs()));
            pages[0]++;
            if (!read.isMore() || read.getKvs().isEmpty()) {
                return CompletableFuture.completedFuture(at);
            }
            ByteSequence next = read.getKvs().getLast().getKey().concat(ByteSequence.from(new byte[] {0}));
            return page(prefix, next, at, values, into, pages);
        });
    }
}
