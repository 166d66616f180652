package io.stickyip.store.claim;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.claim.ClaimSnapshot.ClaimStep;
import io.stickyip.store.keys.EtcdKeys;
import io.stickyip.store.keys.SlotValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One claim: read the slot and the ip keys at one revision, decide ({@link ClaimSnapshot#decide}),
 * write everything in one transaction guarded by what was read; or, when the holder view says
 * everything is free, the guarded write at once ({@link #runAssumingFree()}). The guarded write
 * goes through the store's {@link ClaimBatcher}: alone, or nested with its own guards in a batch
 * of other claims' writes (docs/reservations.md, "Group commit"). A lost race (the guard failed)
 * returns a fresh read from the transaction's Else branch and the claim decides again, at most
 * {@link #MAX_ATTEMPTS} times, with a short jittered pause between attempts.
 */
public final class EtcdClaim {

    static final int MAX_ATTEMPTS = 8;
    private static final long BASE_PAUSE_MILLIS = 2;
    private static final long MAX_PAUSE_MILLIS = 100;

    private final KV kv;
    private final EtcdKeys keys;
    private final ClaimRequest request;
    private final List<String> held;
    private final List<String> slotAddresses;
    private final Supplier<Instant> now;
    private final BooleanSupplier callerGaveUp;
    private final ClaimPaths paths;
    private final ClaimBatcher writes;
    private final ClaimLimits limits;

    /** What every claim of one store shares: the key layout, the clock, the counters, the writes' batcher. */
    public record Shared(EtcdKeys keys, Supplier<Instant> now, ClaimPaths paths, ClaimBatcher writes) {}

    /**
     * @param kv           for the reads; the guarded writes go through {@link Shared#writes()}
     * @param callerGaveUp true once the store call timed out: no further transaction is sent then,
     *                     so a caller told "failed" is not surprised by a later write
     */
    public EtcdClaim(KV kv, Shared shared, ClaimRequest request, BooleanSupplier callerGaveUp) {
        this.kv = kv;
        this.keys = shared.keys();
        this.request = request;
        this.held = request.heldByWorkload().stream().distinct().toList();
        this.slotAddresses = request.addresses().stream().distinct().toList();
        this.now = shared.now();
        this.callerGaveUp = callerGaveUp;
        this.paths = shared.paths();
        this.writes = shared.writes();
        this.limits = new ClaimLimits(keys, request);
    }

    /** Read, decide, write: two round trips for a first claim, one for a slot that exists or a conflict. */
    public CompletableFuture<ClaimResult> run() {
        paths.readFirst.increment();
        return kv.txn()
                .Then(readOps().toArray(Op[]::new))
                .commit()
                .thenCompose(read -> next(read.getGetResponses(), 1));
    }

    /**
     * The guarded write at once, as if a read had found the slot absent and every address free:
     * exactly the transaction {@link ClaimSnapshot#decide} gives for that read, so it is guarded
     * on exactly that assumption. One round trip when it holds; when it does not, the Else
     * branch's fresh read decides as after any lost race. For a caller whose view says every
     * address is free and the workload holds nothing (so it is not a re-admission). A claim in
     * limited pools always reads first: its count needs the read.
     */
    public CompletableFuture<ClaimResult> runAssumingFree() {
        if (limits.any()) {
            return run();
        }
        paths.writeFirst.increment();
        return write(new ClaimStep.Write(held, List.of()), ClaimLimits.Read.NONE, 1);
    }

    /** Decides from one read (the claim's own keys, then its pools' counts) and writes, or answers. */
    private CompletableFuture<ClaimResult> next(List<GetResponse> reads, int attempt) {
        int own = 1 + held.size() + slotAddresses.size();
        ClaimLimits.Read counted = limits.parse(reads.subList(own, reads.size()));
        ClaimStep step = snapshot(reads.subList(0, own)).decide(request);
        if (step instanceof ClaimStep.Write write) {
            step = limits.check(counted, write.free())
                    .<ClaimStep>map(ClaimStep.Done::new)
                    .orElse(step);
        }
        return switch (step) {
            case ClaimStep.Done done -> CompletableFuture.completedFuture(done.result());
            case ClaimStep.Write write
            when attempt > MAX_ATTEMPTS ->
                CompletableFuture.failedFuture(new ClaimContentionException(
                        "claim of " + request.workload() + " slot " + request.slot() + " lost " + MAX_ATTEMPTS
                                + " races in a row for " + held + "; nothing was written, try again"));
            case ClaimStep.Write write
            when callerGaveUp.getAsBoolean() ->
                CompletableFuture.failedFuture(
                        new IllegalStateException("claim abandoned after the store call timed out"));
            case ClaimStep.Write write -> pause(attempt).thenCompose(ignored -> write(write, counted, attempt));
        };
    }

    private CompletableFuture<ClaimResult> write(ClaimStep.Write write, ClaimLimits.Read counted, int attempt) {
        Reservation reservation =
                new Reservation(request.workload(), request.slot(), request.pool(), request.addresses(), now.get());
        List<Cmp> guards = new ArrayList<>(guards(write));
        guards.addAll(limits.guards(counted, write.free()));
        List<Op> puts = new ArrayList<>(puts(write, reservation));
        puts.addAll(
                limits.puts(write.free(), EtcdKeys.bytes(reservation.createdAt().toString())));
        GuardedWrite guarded = new GuardedWrite(guards, puts, readOps(), footprint());
        return writes.submit(guarded, callerGaveUp).thenCompose(outcome -> {
            if (outcome.succeeded()) {
                return CompletableFuture.completedFuture(new ClaimResult.Created(reservation));
            }
            paths.guardFailed.increment();
            return next(outcome.reads(), attempt + 1);
        });
    }

    /**
     * Every key this claim compares, reads or puts lies under its workload's keys or is the ip key
     * of one of its held addresses (the slot's addresses are among them): so these names.
     */
    private Set<String> footprint() {
        Set<String> names = new HashSet<>();
        names.add("workload " + request.workload().key());
        held.forEach(address -> names.add("ip " + address));
        names.addAll(limits.footprint());
        return names;
    }

    /**
     * The slot is still absent, every free address still absent, every own address still ours,
     * and every own address of this slot still bound as read (to no slot, or to this one).
     */
    private List<Cmp> guards(ClaimStep.Write write) {
        List<Cmp> guards = new ArrayList<>();
        guards.add(new Cmp(keys.slot(request.workload(), request.slot()), Cmp.Op.EQUAL, CmpTarget.version(0)));
        for (String address : write.free()) {
            guards.add(new Cmp(keys.ip(address), Cmp.Op.EQUAL, CmpTarget.version(0)));
        }
        ByteSequence ours = EtcdKeys.holderValue(request.workload());
        for (String address : write.own()) {
            guards.add(new Cmp(keys.ip(address), Cmp.Op.EQUAL, CmpTarget.value(ours)));
        }
        write.ownOfSlot()
                .forEach((address, bound) -> guards.add(new Cmp(
                        keys.held(request.workload(), address),
                        Cmp.Op.EQUAL,
                        CmpTarget.value(bound.isPresent() ? EtcdKeys.bound(bound.getAsInt()) : EtcdKeys.UNBOUND))));
        return guards;
    }

    /**
     * Every newly held address (ip key and held index: bound to this slot if it is one of the
     * slot's, else held unbound for the workload's list), the binding of the slot's own addresses,
     * the slot, and the meta key whose revision fences releases. Addresses the workload holds for
     * other slots are not touched.
     */
    private List<Op> puts(ClaimStep.Write write, Reservation reservation) {
        WorkloadRef workload = request.workload();
        ByteSequence ours = EtcdKeys.holderValue(workload);
        ByteSequence thisSlot = EtcdKeys.bound(request.slot());
        List<Op> puts = new ArrayList<>();
        for (String address : write.free()) {
            puts.add(Op.put(keys.ip(address), ours, PutOption.DEFAULT));
            puts.add(Op.put(
                    keys.held(workload, address),
                    slotAddresses.contains(address) ? thisSlot : EtcdKeys.UNBOUND,
                    PutOption.DEFAULT));
        }
        for (String address : write.ownOfSlot().keySet()) {
            puts.add(Op.put(keys.held(workload, address), thisSlot, PutOption.DEFAULT));
        }
        puts.add(Op.put(
                keys.slot(workload, request.slot()), SlotValue.of(reservation).toBytes(), PutOption.DEFAULT));
        puts.add(Op.put(
                keys.meta(workload), EtcdKeys.bytes(reservation.createdAt().toString()), PutOption.DEFAULT));
        return puts;
    }

    /**
     * The slot key, the ip key of every held address, the held key of every address of the slot, in this order;
     * then the limited pools' counts ({@link ClaimLimits#reads()}).
     */
    private List<Op> readOps() {
        List<Op> reads = new ArrayList<>();
        reads.add(Op.get(keys.slot(request.workload(), request.slot()), GetOption.DEFAULT));
        for (String address : held) {
            reads.add(Op.get(keys.ip(address), GetOption.DEFAULT));
        }
        for (String address : slotAddresses) {
            reads.add(Op.get(keys.held(request.workload(), address), GetOption.DEFAULT));
        }
        reads.addAll(limits.reads());
        return reads;
    }

    private ClaimSnapshot snapshot(List<GetResponse> reads) {
        Optional<Reservation> slot = reads.get(0).getKvs().stream()
                .findFirst()
                .map(kv -> SlotValue.read(request.workload(), request.slot(), kv.getKey(), kv.getValue()));
        Map<String, WorkloadRef> holders = new LinkedHashMap<>();
        for (int i = 0; i < held.size(); i++) {
            List<KeyValue> ip = reads.get(i + 1).getKvs();
            if (!ip.isEmpty()) {
                holders.put(held.get(i), EtcdKeys.holder(ip.get(0).getValue()));
            }
        }
        Map<String, OptionalInt> bindings = new LinkedHashMap<>();
        for (int i = 0; i < slotAddresses.size(); i++) {
            List<KeyValue> index = reads.get(1 + held.size() + i).getKvs();
            if (!index.isEmpty()) {
                bindings.put(slotAddresses.get(i), EtcdKeys.binding(index.get(0).getValue()));
            }
        }
        return new ClaimSnapshot(slot, holders, bindings);
    }

    private static CompletableFuture<Void> pause(int attempt) {
        if (attempt == 1) {
            return CompletableFuture.completedFuture(null);
        }
        long bound = Math.min(MAX_PAUSE_MILLIS, BASE_PAUSE_MILLIS << (attempt - 1));
        long millis = ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
        return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }
}
