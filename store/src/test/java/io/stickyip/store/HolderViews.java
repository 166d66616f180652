package io.stickyip.store;

import static org.awaitility.Awaitility.await;

import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.store.watch.HolderEvent;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.store.watch.HolderListener;
import java.time.Duration;
import java.util.List;

/** A store's holder view for ITs that need its claims to write first: started, with nobody listening, and current. */
final class HolderViews {

    private HolderViews() {}

    static EtcdHolderWatch current(EtcdReservationStore store) {
        return current(store, new HolderIndex(), Duration.ofSeconds(30));
    }

    /** The same into {@code index}, current within {@code within} (a listing of many addresses takes longer). */
    static EtcdHolderWatch current(EtcdReservationStore store, HolderIndex index, Duration within) {
        EtcdHolderWatch watch = store.watchHolders(index, new HolderListener() {
            @Override
            public void reset() {}

            @Override
            public void changed(List<HolderEvent> applied) {}
        });
        await().atMost(within).until(watch::current);
        return watch;
    }
}
