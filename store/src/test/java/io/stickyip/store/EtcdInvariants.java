package io.stickyip.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.keys.EtcdKeys;
import io.stickyip.store.keys.SlotValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads everything under a prefix straight from etcd (its own client, not the store) and checks
 * what must hold whatever happened: one holder per address, every slot's addresses held by its
 * own workload and bound to that slot alone (no two slots on one address), ip keys and held index
 * in step (no half-written claim), meta beside every workload.
 */
public final class EtcdInvariants {

    private EtcdInvariants() {}

    /** Asserts the invariants; returns every held address with its holder. */
    public static Map<String, WorkloadRef> assertConsistent(String endpoint, String prefix) {
        EtcdKeys keys = new EtcdKeys(prefix);
        List<KeyValue> ipKeys;
        List<KeyValue> workloadKeys;
        try (Client client = Client.builder().endpoints(endpoint).build()) {
            GetOption all = GetOption.builder().isPrefix(true).build();
            // one revision for both ranges: read the second at the revision of the first
            var ips = client.getKVClient().get(keys.ips(), all).get(10, TimeUnit.SECONDS);
            long revision = ips.getHeader().getRevision();
            ipKeys = ips.getKvs();
            workloadKeys = client.getKVClient()
                    .get(
                            keys.workloads(),
                            GetOption.builder()
                                    .isPrefix(true)
                                    .withRevision(revision)
                                    .build())
                    .get(10, TimeUnit.SECONDS)
                    .getKvs();
        } catch (Exception e) {
            throw new AssertionError("cannot read " + prefix + " from etcd at " + endpoint, e);
        }

        Map<String, WorkloadRef> holders = new HashMap<>();
        for (KeyValue ip : ipKeys) {
            holders.put(keys.address(ip.getKey()), EtcdKeys.holder(ip.getValue()));
        }
        Set<String> heldIndex = new HashSet<>();
        Map<String, Integer> boundTo = new HashMap<>();
        Map<String, Integer> inSlot = new HashMap<>();
        Set<WorkloadRef> withMeta = new HashSet<>();
        Set<WorkloadRef> workloads = new HashSet<>();
        for (KeyValue entry : workloadKeys) {
            EtcdKeys.WorkloadKey key = keys.parseWorkloadKey(entry.getKey())
                    .orElseThrow(() -> new AssertionError("unknown key " + text(entry.getKey())));
            workloads.add(key.workload());
            switch (key) {
                case EtcdKeys.WorkloadKey.Held held -> {
                    assertThat(holders.get(held.address()))
                            .as("holder of %s, indexed as held by %s", held.address(), held.workload())
                            .isEqualTo(held.workload());
                    heldIndex.add(held.address() + " " + held.workload().key());
                    EtcdKeys.binding(entry.getValue()).ifPresent(slot -> boundTo.put(held.address(), slot));
                }
                case EtcdKeys.WorkloadKey.Slot slot -> {
                    Reservation reservation =
                            SlotValue.read(slot.workload(), slot.slot(), entry.getKey(), entry.getValue());
                    for (String address : reservation.addresses()) {
                        assertThat(holders.get(address))
                                .as("holder of %s, an address of %s slot %d", address, slot.workload(), slot.slot())
                                .isEqualTo(slot.workload());
                        assertThat(inSlot.put(address, slot.slot()))
                                .as("%s is in slot %d of %s and in another slot", address, slot.slot(), slot.workload())
                                .isNull();
                    }
                }
                case EtcdKeys.WorkloadKey.Meta meta -> withMeta.add(meta.workload());
            }
        }
        holders.forEach((address, holder) -> assertThat(heldIndex)
                .as("held index of %s for %s", holder, address)
                .contains(address + " " + holder.key()));
        assertThat(boundTo)
                .as("held keys name the slot that has the address, and every slot's address is bound to it")
                .isEqualTo(inSlot);
        assertThat(withMeta).as("workloads with a meta key").containsExactlyInAnyOrderElementsOf(workloads);
        return holders;
    }

    private static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
