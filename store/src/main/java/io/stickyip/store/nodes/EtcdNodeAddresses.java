package io.stickyip.store.nodes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.stickyip.store.connection.PagedRange;
import io.stickyip.store.keys.EtcdKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The transactions of node addresses, each guarded on what was read (docs/reservations.md):
 * <pre>
 * reserve: If   version(node-addresses/eips/A) == 0 AND version(node-addresses/nodes/POOL/NODE) == 0
 *          Then put both
 * release: If   mod_revision(node-addresses/eips/A) == read AND value(node-addresses/nodes/POOL/NODE) == A
 *          Then delete both
 * </pre>
 */
public final class EtcdNodeAddresses {
    private static final GetOption PREFIX = GetOption.builder().isPrefix(true).build();

    private final KV kv;
    private final EtcdKeys keys;

    public EtcdNodeAddresses(KV kv, EtcdKeys keys) {
        this.kv = kv;
        this.keys = keys;
    }

    public CompletableFuture<List<NodeAddressReservation.Stored>> list() {
        return new PagedRange(kv).list(keys.nodeAddressEips(), this::stored).thenApply(PagedRange.Listed::values);
    }

    private List<NodeAddressReservation.Stored> stored(List<KeyValue> entries) {
        List<NodeAddressReservation.Stored> out = new ArrayList<>();
        for (KeyValue entry : entries) {
            String allocationId = keys.nodeAddressAllocation(entry.getKey());
            out.add(new NodeAddressReservation.Stored(
                    NodeAddressValue.read(allocationId, entry.getKey(), entry.getValue()), entry.getModRevision()));
        }
        return out;
    }

    public CompletableFuture<Optional<NodeAddressReservation.Stored>> reserve(NodeAddressReservation r, Instant now) {
        ByteSequence eip = keys.nodeAddressEip(r.allocationId());
        ByteSequence node = keys.nodeAddressNode(r.pool(), r.node());
        ByteSequence value = new NodeAddressValue(r.pool(), r.node(), r.publicIp(), now.toString()).toBytes();
        return kv.txn()
                .If(new Cmp(eip, Cmp.Op.EQUAL, CmpTarget.version(0)), new Cmp(node, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(
                        Op.put(eip, value, PutOption.DEFAULT),
                        Op.put(node, EtcdKeys.bytes(r.allocationId()), PutOption.DEFAULT))
                .commit()
                .thenApply(txn -> txn.isSucceeded()
                        ? Optional.of(new NodeAddressReservation.Stored(
                                r, txn.getHeader().getRevision()))
                        : Optional.empty());
    }

    public CompletableFuture<Boolean> release(NodeAddressReservation.Stored stored) {
        NodeAddressReservation r = stored.reservation();
        ByteSequence eip = keys.nodeAddressEip(r.allocationId());
        ByteSequence node = keys.nodeAddressNode(r.pool(), r.node());
        return kv.txn()
                .If(
                        new Cmp(eip, Cmp.Op.EQUAL, CmpTarget.modRevision(stored.revision())),
                        new Cmp(node, Cmp.Op.EQUAL, CmpTarget.value(EtcdKeys.bytes(r.allocationId()))))
                .Then(Op.delete(eip, DeleteOption.DEFAULT), Op.delete(node, DeleteOption.DEFAULT))
                .commit()
                .thenApply(txn -> txn.isSucceeded());
    }
}
