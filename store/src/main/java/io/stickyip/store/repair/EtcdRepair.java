package io.stickyip.store.repair;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.connection.EtcdFailures;
import io.stickyip.store.connection.PagedRange;
import io.stickyip.store.keys.EtcdKeys;
import io.stickyip.store.keys.SlotValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up repair ({@link RepairPlan}): one paged range over {@code workloads/} at one revision, then per workload
 * that needs it one transaction per group of changes, each fenced on the workload's meta revision
 * as read (a claim in between aborts it; the repair is idempotent and runs again at the next
 * start). Slots are deleted before any address is unbound.
 */
public final class EtcdRepair {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdRepair.class);
    /** Changes per transaction, under etcd's --max-txn-ops 128. */
    static final int OPS_PER_TXN = 100;

    private record Workload(List<Reservation> slots, Map<String, OptionalInt> bindings, long metaRevision) {}

    /** Pause before reading again when etcd did not answer (a first connection still being set up). */
    static final long RETRY_MILLIS = 200;

    private final KV kv;
    private final EtcdKeys keys;
    private final BooleanSupplier callerGaveUp;
    private final int pageKeys;
    private int pages;

    public EtcdRepair(KV kv, EtcdKeys keys, BooleanSupplier callerGaveUp) {
        this(kv, keys, callerGaveUp, PagedRange.PAGE_KEYS);
    }

    /** @param pageKeys keys per read (tests make it small to cross many pages) */
    EtcdRepair(KV kv, EtcdKeys keys, BooleanSupplier callerGaveUp, int pageKeys) {
        this.kv = kv;
        this.keys = keys;
        this.callerGaveUp = callerGaveUp;
        this.pageKeys = pageKeys;
    }

    /**
     * The read of {@code workloads/}, in pages of {@code pageKeys} keys at the first page's revision
     * ({@link PagedRange}: one consistent snapshot, never one response of every key: 100,000 reservations are
     * 400,000 keys), each page tried again while etcd is unreachable and the call has time left (claims wait for
     * the repair). Each page is parsed before the next is read, so only one page of raw keys is held.
     */
    private CompletableFuture<List<Entry>> read() {
        return new PagedRange((from, option) -> retried(() -> kv.get(from, option)), pageKeys)
                .list(keys.workloads(), this::entries)
                .thenApply(listed -> {
                    pages = listed.pages();
                    return listed.values();
                });
    }

    /** What the repair reads of one key under {@code workloads/}. */
    private sealed interface Entry {
        record Slot(Reservation reservation) implements Entry {}

        record Held(WorkloadRef workload, String address, OptionalInt slot) implements Entry {}

        record Meta(WorkloadRef workload, long revision) implements Entry {}
    }

    private List<Entry> entries(List<KeyValue> page) {
        List<Entry> out = new ArrayList<>(page.size());
        for (KeyValue entry : page) {
            switch (keys.parseWorkloadKey(entry.getKey()).orElse(null)) {
                case EtcdKeys.WorkloadKey.Slot s ->
                    out.add(new Entry.Slot(SlotValue.read(s.workload(), s.slot(), entry.getKey(), entry.getValue())));
                case EtcdKeys.WorkloadKey.Held h ->
                    out.add(new Entry.Held(h.workload(), h.address(), EtcdKeys.binding(entry.getValue())));
                case EtcdKeys.WorkloadKey.Meta m -> out.add(new Entry.Meta(m.workload(), entry.getModRevision()));
                case null -> {}
            }
        }
        return out;
    }

    private CompletableFuture<GetResponse> retried(java.util.function.Supplier<CompletableFuture<GetResponse>> get) {
        return get.get().exceptionallyCompose(error -> {
            if (!EtcdFailures.unreachable(error) || callerGaveUp.getAsBoolean()) {
                return CompletableFuture.failedFuture(error);
            }
            return CompletableFuture.runAsync(
                            () -> {}, CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> retried(get));
        });
    }

    public CompletableFuture<RepairReport> run() {
        return read().thenCompose(read -> {
            LOG.info("repair read workloads/ keys={} pages={}", read.size(), pages);
            Map<WorkloadRef, Workload> byWorkload = group(read);
            List<CompletableFuture<Boolean>> fixes = new ArrayList<>();
            int duplicates = 0;
            int rewritten = 0;
            for (Map.Entry<WorkloadRef, Workload> e : byWorkload.entrySet()) {
                RepairPlan plan =
                        RepairPlan.of(e.getValue().slots(), e.getValue().bindings());
                if (plan.isEmpty()) {
                    continue;
                }
                plan.duplicates()
                        .forEach(d -> LOG.warn(
                                "repair: address {} was given to slots {} and {} of {}; slot {} keeps it, "
                                        + "slot {} is freed (its next pod gets another address; a pod running in it keeps {} until it is recreated)",
                                d.address(),
                                d.kept(),
                                d.freed(),
                                e.getKey(),
                                d.kept(),
                                d.freed(),
                                d.address()));
                duplicates += plan.duplicates().size();
                rewritten += plan.held().size();
                fixes.add(apply(e.getKey(), plan, e.getValue().metaRevision()));
            }
            int dups = duplicates;
            int rew = rewritten;
            return CompletableFuture.allOf(fixes.toArray(CompletableFuture[]::new))
                    .thenApply(done -> {
                        int skipped =
                                (int) fixes.stream().filter(f -> !f.join()).count();
                        return new RepairReport(byWorkload.size(), dups, rew, skipped);
                    });
        });
    }

    /**
     * Slot deletions first, then held keys, in groups applied one after the other and stopped at
     * the first fence that fails: an address is never unbound while a slot that has it is kept.
     */
    private CompletableFuture<Boolean> apply(WorkloadRef workload, RepairPlan plan, long metaRevision) {
        List<Op> ops = new ArrayList<>();
        plan.freed().keySet().forEach(slot -> ops.add(Op.delete(keys.slot(workload, slot), DeleteOption.DEFAULT)));
        plan.held()
                .forEach((address, slot) -> ops.add(Op.put(
                        keys.held(workload, address),
                        slot.isPresent() ? EtcdKeys.bound(slot.getAsInt()) : EtcdKeys.UNBOUND,
                        PutOption.DEFAULT)));
        List<List<Op>> groups = new ArrayList<>();
        for (int from = 0; from < ops.size(); from += OPS_PER_TXN) {
            groups.add(ops.subList(from, Math.min(ops.size(), from + OPS_PER_TXN)));
        }
        CompletableFuture<Boolean> all = CompletableFuture.completedFuture(true);
        for (List<Op> group : groups) {
            all = all.thenCompose(ok -> !ok
                    ? CompletableFuture.completedFuture(false)
                    : kv.txn()
                            .If(new Cmp(keys.meta(workload), Cmp.Op.EQUAL, CmpTarget.modRevision(metaRevision)))
                            .Then(group.toArray(Op[]::new))
                            .commit()
                            .thenApply(txn -> txn.isSucceeded()));
        }
        return all.whenComplete((ok, error) -> {
            if (error == null && !ok) {
                LOG.info("repair of {} skipped: it claimed again since the read; the next start looks again", workload);
            }
        });
    }

    private Map<WorkloadRef, Workload> group(List<Entry> entries) {
        Map<WorkloadRef, List<Reservation>> slots = new LinkedHashMap<>();
        Map<WorkloadRef, Map<String, OptionalInt>> bindings = new LinkedHashMap<>();
        Map<WorkloadRef, Long> meta = new LinkedHashMap<>();
        for (Entry entry : entries) {
            switch (entry) {
                case Entry.Slot s ->
                    slots.computeIfAbsent(s.reservation().workload(), w -> new ArrayList<>())
                            .add(s.reservation());
                case Entry.Held h ->
                    bindings.computeIfAbsent(h.workload(), w -> new LinkedHashMap<>())
                            .put(h.address(), h.slot());
                case Entry.Meta m -> meta.put(m.workload(), m.revision());
            }
        }
        Map<WorkloadRef, Workload> out = new LinkedHashMap<>();
        for (WorkloadRef w : bindings.keySet()) {
            out.put(w, new Workload(slots.getOrDefault(w, List.of()), bindings.get(w), meta.getOrDefault(w, 0L)));
        }
        return out;
    }
}
