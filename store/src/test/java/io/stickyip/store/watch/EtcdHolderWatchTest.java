package io.stickyip.store.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.keys.EtcdKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the view counts as current, and what a broken watch does; etcd itself is in {@link EtcdHolderWatchIT}. */
class EtcdHolderWatchTest {
    static final WorkloadRef DB = new WorkloadRef("shop", "statefulset", "db");

    final AtomicLong nanos = new AtomicLong(1);
    final List<WatchOption> opened = new ArrayList<>();
    final List<Watch.Listener> listeners = new ArrayList<>();
    final HolderIndex index = new HolderIndex();
    CompletableFuture<EtcdHolderWatch.Listing> nextListing =
            CompletableFuture.completedFuture(new EtcdHolderWatch.Listing(Map.of("192.0.2.1", DB), 41));
    int listed;

    final Watch watches = new Watch() {
        @Override
        public Watcher watch(ByteSequence key, WatchOption option, Listener listener) {
            opened.add(option);
            listeners.add(listener);
            return new Watcher() {
                @Override
                public void close() {}

                @Override
                public boolean isClosed() {
                    return false;
                }

                @Override
                public void requestProgress() {}
            };
        }

        @Override
        public void requestProgress() {}
    };

    final EtcdHolderWatch watch = new EtcdHolderWatch(
            () -> {
                listed++;
                return nextListing;
            },
            () -> watches,
            new EtcdKeys("/p/"),
            index,
            new HolderListener() {
                @Override
                public void reset() {}

                @Override
                public void changed(List<HolderEvent> applied) {}
            },
            nanos::get);

    @Test
    void watchesFromTheListingsRevisionNotAFutureOne() {
        watch.start();

        assertThat(index.holders()).containsOnlyKeys("192.0.2.1");
        assertThat(opened).singleElement().extracting(WatchOption::getRevision).isEqualTo(41L);
    }

    @Test
    void isCurrentUntilThreeIntervalsPassWithoutAWord() {
        assertThat(watch.current()).as("never listed").isFalse();
        watch.start();
        assertThat(watch.current()).isTrue();

        nanos.addAndGet(EtcdHolderWatch.INTERVAL.multipliedBy(3).minusMillis(1).toNanos());
        assertThat(watch.current())
                .as("two missed progress answers are not an outage")
                .isTrue();
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(watch.current()).isFalse();
    }

    @Test
    void aBrokenWatchListsOnceAgainAndWatchesFromTheNewRevision() {
        watch.start();
        nextListing = CompletableFuture.completedFuture(new EtcdHolderWatch.Listing(Map.of(), 90));

        listeners.get(0).onError(new IllegalStateException("stream reset"));

        assertThat(listed).isEqualTo(2);
        assertThat(watch.listings()).isEqualTo(2);
        assertThat(index.holders()).isEmpty();
        assertThat(opened).extracting(WatchOption::getRevision).containsExactly(41L, 90L);
    }

    @Test
    void aReplacedWatchIsNoLongerHeard() {
        watch.start();
        listeners.get(0).onError(new IllegalStateException("stream reset"));

        listeners.get(0).onCompleted(); // the old watch ending again changes nothing
        assertThat(listed).isEqualTo(2);
    }

    @Test
    void aFailedListingIsNotCurrentAndNothingIsWatched() {
        nextListing = CompletableFuture.failedFuture(new IllegalStateException("etcd is unavailable"));

        watch.start();

        assertThat(watch.current()).isFalse();
        assertThat(opened).isEmpty();
        watch.close();
    }
}
