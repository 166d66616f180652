package io.stickyip.store;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.OccupancyStore;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.OccupyResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.reservation.ReservationStore;
import io.stickyip.core.reservation.StoreUnavailableException;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.reservation.StoredReservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.claim.ClaimBatcher;
import io.stickyip.store.claim.ClaimPaths;
import io.stickyip.store.claim.EtcdClaim;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.connection.EtcdConnection;
import io.stickyip.store.connection.EtcdFailures;
import io.stickyip.store.connection.PagedRange;
import io.stickyip.store.keys.EtcdKeys;
import io.stickyip.store.keys.SlotValue;
import io.stickyip.store.nodes.EtcdNodeAddresses;
import io.stickyip.store.nodes.NodeAddressReservation;
import io.stickyip.store.nodes.NodeAddressStore;
import io.stickyip.store.occupancy.EtcdOccupancy;
import io.stickyip.store.repair.EtcdRepair;
import io.stickyip.store.repair.RepairReport;
import io.stickyip.store.watch.EtcdHolderWatch;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.store.watch.HolderListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReservationStore} on etcd (jetcd). Key layout and transaction shapes: {@link EtcdKeys},
 * {@link EtcdClaim}, {@link EtcdRelease} and docs/reservations.md.
 *
 * <p>Every method returns at once and completes on a jetcd or timer thread, never blocking the
 * caller; it completes within {@link EtcdStoreConfig#timeout()} or fails with a
 * {@link io.stickyip.core.reservation.StoreUnavailableException} that names the endpoints.
 *
 * <p>Claims wait for one successful {@link #repair()} of the store (the webhook starts it at
 * start-up; otherwise the first claim does): the claim guard relies on every held key naming its slot, which stores written by
 * earlier versions do not guarantee.
 */
public final class EtcdReservationStore implements ReservationStore, OccupancyStore, NodeAddressStore {

    /** Addresses one claim may hold: its transaction has 2 puts per address + 2, under etcd's --max-txn-ops 128. */
    public static final int MAX_ADDRESSES_PER_CLAIM = 60;
    /** The listing of held addresses may take this many store timeouts. */
    static final int REPAIR_TIMEOUTS = 4;
    /**
     * The repair may take this many store timeouts (2 min at the default 2 s): it reads every workload key in pages,
     * which grows with the reservations held; claims and readiness wait for it.
     */
    static final int REPAIR_BOUND_TIMEOUTS = 60;
    /**
     * A listing of a whole prefix (reservations for the collector, held addresses, occupants, node addresses, the
     * holder view's listing) may take this many store timeouts (30 s at the default 2 s): it reads every key in
     * pages ({@link PagedRange}), which grows with the reservations held.
     */
    static final int LISTING_TIMEOUTS = 15;

    private static final Logger LOG = LoggerFactory.getLogger(EtcdReservationStore.class);
    private static final GetOption PREFIX = GetOption.builder().isPrefix(true).build();

    private final EtcdStoreConfig config;
    private final EtcdConnection connection;
    private final EtcdKeys keys;
    private final EtcdFailures failures;
    private final Clock clock;
    private CompletableFuture<RepairReport> repaired;
    private volatile EtcdHolderWatch holderWatch;
    private final ClaimPaths paths = new ClaimPaths();
    private final ClaimBatcher writes;
    private final EtcdClaim.Shared claims;

    public EtcdReservationStore(EtcdStoreConfig config) {
        this(config, Clock.systemUTC());
    }

    public EtcdReservationStore(EtcdStoreConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        SlotValue.warmUp();
        this.connection = new EtcdConnection(config);
        this.keys = new EtcdKeys(config.prefix());
        this.failures = new EtcdFailures(config.endpointsText(), config.timeout());
        this.writes =
                new ClaimBatcher(config.batching(), () -> connection.current().kv(), System::nanoTime);
        this.claims = new EtcdClaim.Shared(keys, this::now, paths, writes);
        LOG.info(
                "reservations in etcd at {} under {}, timeout {} ms, group commit {}",
                config.endpointsText(),
                config.prefix(),
                config.timeout().toMillis(),
                config.batching().describe());
    }

    @Override
    public CompletionStage<Optional<Reservation>> find(WorkloadRef workload, int slot) {
        return bounded(
                "reading " + workload + " slot " + slot,
                (kv, gaveUp) -> kv.get(keys.slot(workload, slot))
                        .thenApply(read -> read.getKvs().stream()
                                .findFirst()
                                .map(found -> SlotValue.read(workload, slot, found.getKey(), found.getValue()))));
    }

    @Override
    public CompletionStage<ClaimResult> claim(ClaimRequest request) {
        long distinct = request.heldByWorkload().stream().distinct().count();
        if (distinct > MAX_ADDRESSES_PER_CLAIM) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(request.workload() + " claims "
                    + distinct + " addresses at once, at most " + MAX_ADDRESSES_PER_CLAIM + " are supported"));
        }
        String what = "claim of " + request.workload() + " slot " + request.slot();
        boolean assumeFree = viewSaysFree(request);
        return repairWithin(what)
                .thenCompose(report -> bounded(what, (kv, gaveUp) -> {
                    EtcdClaim claim = new EtcdClaim(kv, claims, request, gaveUp);
                    return assumeFree ? claim.runAssumingFree() : claim.run();
                }))
                .whenComplete(
                        (result, error) -> LOG.debug("{}: {}", what, error == null ? result : error.getMessage()));
    }

    /**
     * Whether a claim may skip its read: the holder view is current, knows none of the addresses as
     * held and the workload as holding nothing (else it may be a re-admission, which a read answers
     * without writing). A hint only: the write is guarded on exactly this. Never for a claim in limited pools: its
     * count needs the read.
     */
    private boolean viewSaysFree(ClaimRequest request) {
        EtcdHolderWatch watch = holderWatch;
        return request.limits().isEmpty()
                && watch != null
                && watch.current()
                && watch.index().allFreeFor(request.workload(), request.heldByWorkload());
    }

    /** How many claims read first, wrote first, and lost a guarded write (for tests and benchmarks). */
    ClaimPaths.Counts claimPaths() {
        return paths.counts();
    }

    /** How many transactions carried claims' guarded writes, how many writes went in batches, the largest batch. */
    ClaimBatcher.Counts claimBatches() {
        return writes.counts();
    }

    /**
     * Repairs the store once (docs/reservations.md, "Start-up repair"): two slots of one workload
     * on one address keep the lower slot, the other is freed; held keys are made to name their
     * slot. The first successful run is remembered; a failed one is tried again at the next call.
     */
    /**
     * The repair, as one claim waits for it: at most {@value #REPAIR_TIMEOUTS} store timeouts, then this claim fails as
     * unavailable while the repair goes on (it may take up to {@value #REPAIR_BOUND_TIMEOUTS}).
     */
    private CompletableFuture<RepairReport> repairWithin(String what) {
        CompletableFuture<RepairReport> r = repair();
        if (r.isDone()) {
            return r;
        }
        long millis = config.timeout().multipliedBy(REPAIR_TIMEOUTS).toMillis();
        return r.copy().orTimeout(millis, TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            return CompletableFuture.failedFuture(
                    cause instanceof java.util.concurrent.TimeoutException
                            ? new StoreUnavailableException(
                                    what + ": the start-up repair of the reservations in etcd at "
                                            + config.endpointsText() + " is not done after " + millis
                                            + " ms; try again",
                                    cause)
                            : error);
        });
    }

    /** Whether the start-up repair is done (readiness: claims wait for it). */
    public synchronized boolean repaired() {
        return repaired != null && repaired.isDone() && !repaired.isCompletedExceptionally();
    }

    public synchronized CompletableFuture<RepairReport> repair() {
        if (repaired == null || repaired.isCompletedExceptionally()) {
            // a whole-store read (and the first call of a fresh JVM): more time than one claim
            repaired = bounded(
                            "repair of the reservations",
                            config.timeout().multipliedBy(REPAIR_BOUND_TIMEOUTS),
                            (kv, gaveUp) -> new EtcdRepair(kv, keys, gaveUp).run())
                    .whenComplete((report, error) -> {
                        if (error != null) {
                            LOG.warn(
                                    "reservation store repair failed, claims wait for it error=\"{}\"",
                                    error.getMessage());
                        } else {
                            LOG.info(
                                    "reservation store checked workloads={} duplicatesFreed={} heldKeysRewritten={} skipped={}",
                                    report.workloads(),
                                    report.duplicates(),
                                    report.heldKeysRewritten(),
                                    report.skipped());
                        }
                    });
        }
        return repaired;
    }

    @Override
    public CompletionStage<List<StoredOccupant>> occupants(WorkloadRef workload) {
        return bounded(
                "reading the occupants of " + workload,
                (kv, gaveUp) -> occupancy(kv).occupants(workload));
    }

    @Override
    public CompletionStage<OccupyResult> occupy(
            WorkloadRef workload, int slot, Occupant occupant, long expectedRevision) {
        String what = "taking slot " + slot + " of " + workload;
        return bounded(what, (kv, gaveUp) -> occupancy(kv).occupy(workload, slot, occupant, expectedRevision))
                .whenComplete(
                        (result, error) -> LOG.debug("{}: {}", what, error == null ? result : error.getMessage()));
    }

    @Override
    public CompletionStage<Boolean> vacate(StoredOccupant occupant) {
        return bounded(
                "vacating slot " + occupant.slot() + " of " + occupant.workload(),
                (kv, gaveUp) -> occupancy(kv).vacate(occupant));
    }

    @Override
    public CompletionStage<Boolean> bind(StoredOccupant pending, String podName, String podUid) {
        return bounded(
                "binding slot " + pending.slot() + " of " + pending.workload() + " to pod " + podName,
                (kv, gaveUp) -> occupancy(kv).bind(pending, podName, podUid));
    }

    @Override
    public CompletionStage<Boolean> releaseUnborn(StoredOccupant pending, long seenRevision) {
        String what = "release of unborn " + pending.occupant().describe() + " in slot " + pending.slot() + " of "
                + pending.workload();
        return bounded(what, (kv, gaveUp) -> new EtcdRelease(kv, keys).releaseUnborn(pending, seenRevision))
                .whenComplete(
                        (released, error) -> LOG.debug("{}: {}", what, error == null ? released : error.getMessage()));
    }

    @Override
    public CompletionStage<List<StoredOccupant>> allOccupants() {
        return bounded(
                "listing slot occupants",
                listingTimeout(),
                (kv, gaveUp) -> occupancy(kv).all());
    }

    private EtcdOccupancy occupancy(KV kv) {
        return new EtcdOccupancy(kv, keys, this::now);
    }

    @Override
    public CompletionStage<List<StoredReservation>> list() {
        return bounded(
                "listing reservations",
                listingTimeout(),
                (kv, gaveUp) -> new PagedRange(kv)
                        .list(keys.workloads(), this::workloadEntries)
                        .thenApply(listed -> reservations(listed.values())));
    }

    @Override
    public CompletionStage<List<StoredReservation>> reservations(WorkloadRef workload) {
        return bounded(
                "reading the reservations of " + workload,
                (kv, gaveUp) -> kv.get(keys.workload(workload), PREFIX)
                        .thenApply(read -> reservations(workloadEntries(read.getKvs()))));
    }

    @Override
    public CompletionStage<Map<String, WorkloadRef>> holders() {
        return bounded(
                "listing held addresses",
                listingTimeout(),
                (kv, gaveUp) ->
                        new PagedRange(kv).list(keys.ips(), this::holders).thenApply(listed -> holders(listed)));
    }

    private List<Map.Entry<String, WorkloadRef>> holders(List<KeyValue> ips) {
        List<Map.Entry<String, WorkloadRef>> holders = new ArrayList<>(ips.size());
        for (KeyValue ip : ips) {
            holders.add(Map.entry(keys.address(ip.getKey()), EtcdKeys.holder(ip.getValue())));
        }
        return holders;
    }

    private static Map<String, WorkloadRef> holders(PagedRange.Listed<Map.Entry<String, WorkloadRef>> listed) {
        Map<String, WorkloadRef> holders = new LinkedHashMap<>(listed.values().size() * 4 / 3 + 1);
        listed.values().forEach(e -> holders.put(e.getKey(), e.getValue()));
        return holders;
    }

    private Duration listingTimeout() {
        return config.timeout().multipliedBy(LISTING_TIMEOUTS);
    }

    /**
     * Starts a watched view of every held address into {@code index} (one listing, then the
     * changes; docs/reservations.md, "The holder view"); {@code listener} hears what changed. Closed
     * with the store.
     */
    public synchronized EtcdHolderWatch watchHolders(HolderIndex index, HolderListener listener) {
        if (holderWatch != null) {
            throw new IllegalStateException("the store already watches its holders");
        }
        holderWatch = new EtcdHolderWatch(
                this::listHolders, () -> connection.current().watch(), keys, index, listener, System::nanoTime);
        return holderWatch.start();
    }

    /** Every held address and the revision of the read: a whole-prefix read in pages, so more time than one claim. */
    private CompletableFuture<EtcdHolderWatch.Listing> listHolders() {
        return bounded(
                "listing held addresses",
                listingTimeout(),
                (kv, gaveUp) -> new PagedRange(kv)
                        .list(keys.ips(), this::holders)
                        .thenApply(listed -> new EtcdHolderWatch.Listing(holders(listed), listed.revision())));
    }

    @Override
    public CompletionStage<List<NodeAddressReservation.Stored>> nodeAddresses() {
        return bounded(
                "listing node addresses", listingTimeout(), (kv, gaveUp) -> new EtcdNodeAddresses(kv, keys).list());
    }

    @Override
    public CompletionStage<Optional<NodeAddressReservation.Stored>> reserveNodeAddress(
            NodeAddressReservation reservation) {
        return bounded(
                "reservation of " + reservation.publicIp() + " for node " + reservation.node(),
                (kv, gaveUp) -> new EtcdNodeAddresses(kv, keys).reserve(reservation, now()));
    }

    @Override
    public CompletionStage<Boolean> releaseNodeAddress(NodeAddressReservation.Stored stored) {
        return bounded(
                "release of " + stored.reservation().publicIp() + " of node "
                        + stored.reservation().node(),
                (kv, gaveUp) -> new EtcdNodeAddresses(kv, keys).release(stored));
    }

    @Override
    public CompletionStage<Boolean> releaseWorkload(WorkloadRef workload, long seenRevision) {
        String what = "release of " + workload + " at revision " + seenRevision;
        return bounded(what, (kv, gaveUp) -> new EtcdRelease(kv, keys).release(workload, seenRevision))
                .whenComplete(
                        (released, error) -> LOG.debug("{}: {}", what, error == null ? released : error.getMessage()));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (holderWatch != null) {
                holderWatch.close();
            }
        }
        writes.close();
        connection.close();
    }

    /**
     * Runs one store call within the timeout and translates its failure. The call sees whether
     * its caller gave up already, so it can stop before sending another write; a call that found
     * etcd unreachable lets the connection reconnect.
     */
    private <T> CompletableFuture<T> bounded(String what, BiFunction<KV, BooleanSupplier, CompletableFuture<T>> call) {
        return bounded(what, config.timeout(), call);
    }

    private <T> CompletableFuture<T> bounded(
            String what, Duration timeout, BiFunction<KV, BooleanSupplier, CompletableFuture<T>> call) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        EtcdConnection.Generation client;
        CompletableFuture<T> work;
        try {
            client = connection.current();
            work = call.apply(client.kv(), outcome::isDone);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failures.translate(what, e));
        }
        work.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            if (error == null) {
                connection.answered();
                outcome.complete(value);
                return;
            }
            if (EtcdFailures.unreachable(error)) {
                connection.unavailable(client);
            } else {
                connection.answered();
            }
            outcome.completeExceptionally(failures.translate(what, error));
        });
        return outcome;
    }

    /** What the collector reads of a workload's keys: its meta key's revision and its slots (held keys dropped). */
    private sealed interface WorkloadEntry {
        record Meta(WorkloadRef workload, long revision) implements WorkloadEntry {}

        record Slot(Reservation reservation) implements WorkloadEntry {}
    }

    /** One page's entries: a workload's meta and slots may lie on two pages, so they are joined after the last. */
    private List<WorkloadEntry> workloadEntries(List<KeyValue> workloadKeys) {
        List<WorkloadEntry> entries = new ArrayList<>();
        for (KeyValue entry : workloadKeys) {
            switch (keys.parseWorkloadKey(entry.getKey()).orElse(null)) {
                case EtcdKeys.WorkloadKey.Meta meta ->
                    entries.add(new WorkloadEntry.Meta(meta.workload(), entry.getModRevision()));
                case EtcdKeys.WorkloadKey.Slot slot ->
                    entries.add(new WorkloadEntry.Slot(
                            SlotValue.read(slot.workload(), slot.slot(), entry.getKey(), entry.getValue())));
                case EtcdKeys.WorkloadKey.Held held -> {}
                case null -> LOG.debug("ignoring unknown key {}", entry.getKey().toString(StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static List<StoredReservation> reservations(List<WorkloadEntry> entries) {
        Map<WorkloadRef, Long> lastClaim = new HashMap<>();
        List<Reservation> slots = new ArrayList<>();
        for (WorkloadEntry entry : entries) {
            switch (entry) {
                case WorkloadEntry.Meta meta -> lastClaim.put(meta.workload(), meta.revision());
                case WorkloadEntry.Slot slot -> slots.add(slot.reservation());
            }
        }
        return slots.stream()
                .map(slot -> new StoredReservation(slot, lastClaim.getOrDefault(slot.workload(), 0L)))
                .toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
