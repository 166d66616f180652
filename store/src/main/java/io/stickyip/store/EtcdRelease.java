package io.stickyip.store;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.stickyip.core.reservation.StoredOccupant;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.keys.EtcdKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Fenced release of a whole workload: read its held index, then one transaction
 * <pre>
 * If   meta.mod_revision == seenRevision
 * Then delete the workload's prefix (slots, held index, meta) and its occupants;
 *      for each held address: Txn(If ips/A == workload Then delete ips/A)
 * </pre>
 * Every claim rewrites meta together with its held keys, so an unchanged meta revision means the
 * held index read before is still exact. The per-address guard means a key that is somebody
 * else's is never deleted, whatever the index says. The per-address transactions are nested in
 * groups so a workload holding many addresses stays under etcd's --max-txn-ops (default 128),
 * which etcd applies along every path of nested transactions (a nested one may have 128 minus its
 * parent's operations): 2 + groups at the top, {@value #GROUP} per group, 1 per address.
 */
final class EtcdRelease {

    /** Guarded deletes per nested group; with at most {@link #MAX_GROUPS} groups every path stays within 128 operations. */
    static final int GROUP = 60;

    static final int MAX_GROUPS = 60;
    /** Addresses one workload may hold and still be released in one transaction. */
    static final int MAX_ADDRESSES = GROUP * MAX_GROUPS;

    private static final DeleteOption PREFIX =
            DeleteOption.builder().isPrefix(true).build();

    private final KV kv;
    private final EtcdKeys keys;

    EtcdRelease(KV kv, EtcdKeys keys) {
        this.kv = kv;
        this.keys = keys;
    }

    CompletableFuture<Boolean> release(WorkloadRef workload, long seenRevision) {
        return release(workload, seenRevision, new Cmp[0]);
    }

    /**
     * The release of a bare pod whose pod never came to exist, together with its slot's occupant:
     * also guarded on the occupant's revision as read, so a pod bound to the slot (or an admission
     * that took it over) in the meantime aborts it.
     */
    CompletableFuture<Boolean> releaseUnborn(StoredOccupant occupant, long seenRevision) {
        return release(occupant.workload(), seenRevision, new Cmp[] {
            new Cmp(
                    keys.occupant(occupant.workload(), occupant.slot()),
                    Cmp.Op.EQUAL,
                    CmpTarget.modRevision(occupant.revision()))
        });
    }

    private CompletableFuture<Boolean> release(WorkloadRef workload, long seenRevision, Cmp[] moreGuards) {
        GetOption heldKeys =
                GetOption.builder().isPrefix(true).withKeysOnly(true).build();
        Cmp[] guards = Stream.concat(
                        Stream.of(new Cmp(keys.meta(workload), Cmp.Op.EQUAL, CmpTarget.modRevision(seenRevision))),
                        Stream.of(moreGuards))
                .toArray(Cmp[]::new);
        return kv.get(keys.heldIndex(workload), heldKeys)
                .thenCompose(held -> kv.txn()
                        .If(guards)
                        .Then(deletes(workload, addresses(held.getKvs())))
                        .commit())
                .thenApply(txn -> txn.isSucceeded());
    }

    private List<String> addresses(List<KeyValue> heldIndex) {
        return heldIndex.stream()
                .flatMap(kv -> keys.parseWorkloadKey(kv.getKey()).stream())
                .flatMap(key ->
                        key instanceof EtcdKeys.WorkloadKey.Held held ? Stream.of(held.address()) : Stream.empty())
                .toList();
    }

    private Op[] deletes(WorkloadRef workload, List<String> addresses) {
        ByteSequence holder = EtcdKeys.holderValue(workload);
        List<Op> guarded = addresses.stream()
                .<Op>map(address -> Op.txn(
                        new Cmp[] {new Cmp(keys.ip(address), Cmp.Op.EQUAL, CmpTarget.value(holder))},
                        new Op[] {Op.delete(keys.ip(address), DeleteOption.DEFAULT)},
                        new Op[0]))
                .toList();
        if (guarded.size() > MAX_ADDRESSES) {
            throw new IllegalStateException(workload + " holds " + guarded.size()
                    + " addresses, one release handles at most " + MAX_ADDRESSES + "; nothing was deleted");
        }
        List<Op> ops = new ArrayList<>();
        ops.add(Op.delete(keys.workload(workload), PREFIX));
        ops.add(Op.delete(keys.occupants(workload), PREFIX));
        for (int from = 0; from < guarded.size(); from += GROUP) {
            List<Op> group = guarded.subList(from, Math.min(guarded.size(), from + GROUP));
            ops.add(Op.txn(new Cmp[0], group.toArray(Op[]::new), new Op[0]));
        }
        return ops.toArray(Op[]::new);
    }
}
