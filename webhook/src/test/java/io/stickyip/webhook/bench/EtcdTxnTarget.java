package io.stickyip.webhook.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * The etcd baseline: per request one claim-shaped transaction through jetcd, with the
 * reservation's key and value sizes: if the ip key and the slot key are both absent
 * (version == 0), put both. Every request uses fresh keys, so every transaction succeeds and writes.
 */
final class EtcdTxnTarget implements Target {
    private final Client client;
    private final KV kv;
    private final String prefix;
    private final ByteSequence holder = bytes(AdmissionLoad.NAMESPACE + "/statefulset/db-12");
    private final ByteSequence slotValue =
            bytes("{\"pool\":\"bench\",\"addresses\":[\"10.64.12.34\"],\"createdAt\":\"2025-01-01T00:00:00.000Z\"}");

    EtcdTxnTarget(String endpoint, String prefix) {
        this.client = Client.builder().endpoints(endpoint).build();
        this.kv = client.getKVClient();
        this.prefix = prefix;
    }

    @Override
    public String name() {
        return "etcd txn";
    }

    @Override
    public CompletionStage<String> send(long index) {
        ByteSequence ip =
                bytes(prefix + "ips/10." + (64 + (index >> 16)) + "." + ((index >> 8) & 0xff) + "." + (index & 0xff));
        ByteSequence slot =
                bytes(prefix + "workloads/" + AdmissionLoad.NAMESPACE + "/statefulset/db-" + index + "/slots/0");
        return kv.txn()
                .If(new Cmp(ip, Cmp.Op.EQUAL, CmpTarget.version(0)), new Cmp(slot, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(ip, holder, PutOption.DEFAULT), Op.put(slot, slotValue, PutOption.DEFAULT))
                .commit()
                .thenApply(txn -> txn.isSucceeded() ? "txn:written" : "txn:compare-failed" + FAILED);
    }

    @Override
    public void close() {
        client.close();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
