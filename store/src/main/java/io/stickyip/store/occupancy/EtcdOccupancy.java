package io.stickyip.store.occupancy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.stickyip.core.reservation.Occupant;
import io.stickyip.core.reservation.OccupyResult;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.connection.PagedRange;
import io.stickyip.store.keys.EtcdKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The transactions of slot occupancy ({@code PREFIX occupants/W/SLOT}), each guarded on what was
 * read:
 * <pre>
 * occupy: If   occupant key's mod_revision == expected (0: version == 0)
 *         Then put occupant; Txn(If version(meta) > 0 Then put meta)   (fences a release in flight)
 *         Else range occupants/W/                                       (fresh read, one round trip)
 * vacate: If mod_revision == read Then delete
 * bind:   If mod_revision == read Then put occupant bound to the pod's UID
 * </pre>
 */
public final class EtcdOccupancy {
    private static final GetOption PREFIX = GetOption.builder().isPrefix(true).build();

    private final KV kv;
    private final EtcdKeys keys;
    private final Supplier<Instant> now;

    public EtcdOccupancy(KV kv, EtcdKeys keys, Supplier<Instant> now) {
        this.kv = kv;
        this.keys = keys;
        this.now = now;
    }

    public CompletableFuture<List<StoredOccupant>> occupants(WorkloadRef workload) {
        return kv.get(keys.occupants(workload), PREFIX).thenApply(read -> parse(read.getKvs()));
    }

    public CompletableFuture<List<StoredOccupant>> all() {
        return new PagedRange(kv).list(keys.allOccupants(), this::parse).thenApply(PagedRange.Listed::values);
    }

    public CompletableFuture<OccupyResult> occupy(
            WorkloadRef workload, int slot, Occupant occupant, long expectedRevision) {
        ByteSequence key = keys.occupant(workload, slot);
        Cmp guard = expectedRevision == 0
                ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
        Op touchMeta = Op.txn(
                new Cmp[] {new Cmp(keys.meta(workload), Cmp.Op.GREATER, CmpTarget.version(0))},
                new Op[] {Op.put(keys.meta(workload), EtcdKeys.bytes(now.get().toString()), PutOption.DEFAULT)},
                new Op[0]);
        return kv.txn()
                .If(guard)
                .Then(Op.put(key, OccupantValue.of(occupant).toBytes(), PutOption.DEFAULT), touchMeta)
                .Else(Op.get(keys.occupants(workload), PREFIX))
                .commit()
                .thenApply(txn -> txn.isSucceeded()
                        ? new OccupyResult.Taken(new StoredOccupant(
                                workload, slot, occupant, txn.getHeader().getRevision()))
                        : new OccupyResult.Lost(
                                parse(txn.getGetResponses().getFirst().getKvs())));
    }

    public CompletableFuture<Boolean> vacate(StoredOccupant occupant) {
        ByteSequence key = keys.occupant(occupant.workload(), occupant.slot());
        return kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(occupant.revision())))
                .Then(Op.delete(key, DeleteOption.DEFAULT))
                .commit()
                .thenApply(txn -> txn.isSucceeded());
    }

    public CompletableFuture<Boolean> bind(StoredOccupant pending, String podName, String podUid) {
        ByteSequence key = keys.occupant(pending.workload(), pending.slot());
        Occupant bound = pending.occupant().boundTo(podName, podUid);
        return kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(pending.revision())))
                .Then(Op.put(key, OccupantValue.of(bound).toBytes(), PutOption.DEFAULT))
                .commit()
                .thenApply(txn -> txn.isSucceeded());
    }

    private List<StoredOccupant> parse(List<KeyValue> entries) {
        List<StoredOccupant> out = new ArrayList<>();
        for (KeyValue entry : entries) {
            keys.parseOccupantKey(entry.getKey())
                    .ifPresent(slot -> out.add(new StoredOccupant(
                            slot.workload(),
                            slot.slot(),
                            OccupantValue.read(entry.getKey(), entry.getValue()),
                            entry.getModRevision())));
        }
        return out;
    }
}
