package io.stickyip.store.repair;

import static io.stickyip.store.EtcdReservationStoreIT.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.stickyip.core.reservation.ClaimRequest;
import io.stickyip.core.reservation.ClaimResult;
import io.stickyip.core.reservation.Reservation;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.store.EtcdInvariants;
import io.stickyip.store.EtcdReservationStore;
import io.stickyip.store.config.EtcdStoreConfig;
import io.stickyip.store.keys.EtcdKeys;
import io.stickyip.store.keys.SlotValue;
import io.stickyip.testing.etcd.EtcdExtension;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store written by an earlier version (two slots of one workload on one address, held keys that
 * name no slot), repaired when a new store starts: the lower slot keeps the address, the other
 * slot is freed, and from then on the claim guard holds.
 */
class EtcdRepairIT {
    private static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.plain();

    @Test
    void theFirstClaimWaitsForTheRepairOfTwoSlotsOnOneAddress() throws Exception {
        String prefix = "/repair-it/" + UUID.randomUUID() + "/";
        writeLegacy(prefix);
        try (EtcdReservationStore store =
                new EtcdReservationStore(EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix))) {
            ClaimResult stolen = join(store.claim(ClaimRequest.of(WEB, 20, "p", List.of("10.95.0.38"))));

            assertThat(stolen)
                    .as("the repair bound the address to slot 18 before this claim")
                    .isEqualTo(new ClaimResult.Conflict("10.95.0.38", WEB, OptionalInt.of(18)));
            assertThat(join(store.find(WEB, 18)))
                    .get()
                    .extracting(Reservation::addresses)
                    .isEqualTo(List.of("10.95.0.38"));
            assertThat(join(store.find(WEB, 19))).as("the higher slot is freed").isEmpty();
            assertThat(join(store.find(WEB, 3))).isPresent();
            assertThat(join(store.claim(ClaimRequest.of(WEB, 19, "p", List.of("10.95.0.39")))))
                    .isInstanceOf(ClaimResult.Created.class);
            EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);

            assertThat(store.repair().get(10, TimeUnit.SECONDS).duplicates())
                    .as("remembered, not run twice")
                    .isEqualTo(1);
        }
        try (EtcdReservationStore again =
                new EtcdReservationStore(EtcdStoreConfig.of(etcd.endpoint()).withPrefix(prefix))) {
            assertThat(again.repair().get(10, TimeUnit.SECONDS))
                    .as("a repaired store needs nothing")
                    .isEqualTo(new RepairReport(1, 0, 0, 0));
        }
    }

    @Test
    void theReadIsPagedAtOneRevisionAndRepairsTheSameAsOneRead() throws Exception {
        String prefix = "/repair-it/" + UUID.randomUUID() + "/";
        writeLegacy(prefix);
        EtcdKeys keys = new EtcdKeys(prefix);
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            var kv = client.getKVClient();
            for (int i = 0; i < 30; i++) { // clean workloads around the broken one, so its keys span several pages
                WorkloadRef w = new WorkloadRef("default", WorkloadRef.DEPLOYMENT, "w" + i);
                String address = "10.96.0." + (i + 1);
                kv.put(keys.ip(address), EtcdKeys.holderValue(w)).get(5, TimeUnit.SECONDS);
                kv.put(keys.held(w, address), EtcdKeys.bound(0)).get(5, TimeUnit.SECONDS);
                kv.put(
                                keys.slot(w, 0),
                                SlotValue.of(new Reservation(
                                                w, 0, "p", List.of(address), Instant.parse("2026-11-01T10:00:00Z")))
                                        .toBytes())
                        .get(5, TimeUnit.SECONDS);
                kv.put(keys.meta(w), EtcdKeys.bytes("2026-11-01T10:00:00Z")).get(5, TimeUnit.SECONDS);
            }

            RepairReport paged = new EtcdRepair(kv, keys, () -> false, 7).run().get(30, TimeUnit.SECONDS);

            assertThat(paged)
                    .as("31 workloads over 18 pages of 7 keys; the one broken workload repaired")
                    .isEqualTo(new RepairReport(31, 1, 2, 0));
            EtcdInvariants.assertConsistent(etcd.endpoint(), prefix);
            assertThat(new EtcdRepair(kv, keys, () -> false, 7).run().get(30, TimeUnit.SECONDS))
                    .isEqualTo(new RepairReport(31, 0, 0, 0));
        }
    }

    /** What the earlier claim code wrote for slots 18 and 19 sharing 10.95.0.38, and slot 3. */
    private static void writeLegacy(String prefix) throws Exception {
        EtcdKeys keys = new EtcdKeys(prefix);
        String at = Instant.parse("2026-11-01T10:00:00Z").toString();
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            var kv = client.getKVClient();
            for (String address : List.of("10.95.0.38", "10.95.0.7")) {
                kv.put(keys.ip(address), EtcdKeys.holderValue(WEB)).get(5, TimeUnit.SECONDS);
                kv.put(keys.held(WEB, address), ByteSequence.EMPTY).get(5, TimeUnit.SECONDS);
            }
            for (int slot : List.of(18, 19)) {
                kv.put(
                                keys.slot(WEB, slot),
                                SlotValue.of(new Reservation(WEB, slot, "p", List.of("10.95.0.38"), Instant.parse(at)))
                                        .toBytes())
                        .get(5, TimeUnit.SECONDS);
            }
            kv.put(
                            keys.slot(WEB, 3),
                            SlotValue.of(new Reservation(WEB, 3, "p", List.of("10.95.0.7"), Instant.parse(at)))
                                    .toBytes())
                    .get(5, TimeUnit.SECONDS);
            kv.put(keys.meta(WEB), EtcdKeys.bytes(at)).get(5, TimeUnit.SECONDS);
        }
    }
}
