package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.Outcome;
import io.stickyip.core.admission.SlotPlan;
import io.stickyip.core.admission.SlotPlanner;
import io.stickyip.core.contract.AnnotationParser;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import io.stickyip.core.workload.WorkloadRef;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.store.watch.HolderIndex;
import io.stickyip.testing.reservation.MapOccupancy;
import io.stickyip.testing.reservation.MapStore;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.pods.SlotClaims;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The reservation step's outcomes as values, over a store that answers from a map (the real one,
 * on etcd, is shown in the ITs): reserved, refused naming address and holder, or unavailable.
 */
class ReserverTest {
    static final WorkloadRef WEB = new WorkloadRef("shop", "deployment", "web");
    static final WorkloadRef DB = new WorkloadRef("shop", "deployment", "db");

    final MapStore store = new MapStore();
    final Reserver reserver = new Reserver(store, new AllocationCache(), standalone());
    final PoolCatalog catalog = PoolCatalog.of(List.of(pool("demo", "10.77.0.0/30")));

    /** No slots kept (no pod view): these tests reserve plans for given slots. */
    static SlotClaims standalone() {
        return new SlotClaims(new MapOccupancy(), PodView.NONE, LiveCheck.NONE, Runnable::run, Clock.systemUTC());
    }

    static IPPool pool(String name, String cidr) {
        return Pools.pool(name, cidr);
    }

    SlotPlan plan(WorkloadRef workload, int slot, Map<String, String> annotations) throws Exception {
        return SlotPlanner.plan(AnnotationParser.parse(annotations), workload, slot, catalog);
    }

    static <T> Outcome<T> await(CompletionStage<Outcome<T>> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void reservesAnExactAddressAndGivesTheSameOneBack() throws Exception {
        Outcome<Assignment> first =
                await(reserver.reserve(plan(WEB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog));
        Outcome<Assignment> again =
                await(reserver.reserve(plan(WEB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog));

        assertThat(first)
                .isInstanceOfSatisfying(
                        Outcome.Done.class,
                        d -> assertThat(((Assignment) d.value()).addresses()).containsExactly("10.77.0.1"));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void anAddressAnotherWorkloadHoldsIsARefusalNamingTheHolder() throws Exception {
        await(reserver.reserve(plan(DB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog));

        assertThat(await(reserver.reserve(plan(WEB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog)))
                .isEqualTo(Outcome.refused("10.77.0.1 is reserved by deployment shop/db"));
    }

    @Test
    void anAddressAnotherNamespaceHoldsIsARefusalNamingNeitherNamespaceNorWorkload() throws Exception {
        WorkloadRef intruder = new WorkloadRef("intruder", "deployment", "probe");
        await(reserver.reserve(plan(DB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog));

        assertThat(await(reserver.reserve(plan(intruder, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog)))
                .isEqualTo(Outcome.refused(
                        "stickyip.io/ip: 10.77.0.1 is already reserved by a workload in another namespace"));
        assertThat(await(reserver.reserve(plan(intruder, 0, Map.of("kube-ipam.ip", "10.77.0.1")), catalog)))
                .isEqualTo(Outcome.refused(
                        "kube-ipam.ip: 10.77.0.1 is already reserved by a workload in another namespace"));
    }

    @Test
    void aDryRunFromAnotherNamespaceLearnsNoHolder() throws Exception {
        HolderIndex holders = new HolderIndex();
        holders.reset(Map.of("10.77.0.1", DB), 1);
        Reserver previewing = new Reserver(store, new AllocationCache(holders), standalone());
        WorkloadRef intruder = new WorkloadRef("intruder", "deployment", "probe");

        assertThat(await(previewing.preview(plan(intruder, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog)))
                .isEqualTo(Outcome.refused(
                        "stickyip.io/ip: 10.77.0.1 is already reserved by a workload in another namespace"));
        assertThat(await(previewing.preview(plan(WEB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog)))
                .as("the owner's namespace reads the full text")
                .isEqualTo(Outcome.refused("10.77.0.1 is reserved by deployment shop/db"));
    }

    @Test
    void aFullPoolIsARefusalNamingThePool() throws Exception {
        await(reserver.reserve(plan(DB, 0, Map.of("stickyip.io/pool", "demo")), catalog));
        await(reserver.reserve(plan(DB, 1, Map.of("stickyip.io/pool", "demo")), catalog));

        assertThat(await(reserver.reserve(plan(WEB, 0, Map.of("stickyip.io/pool", "demo")), catalog)))
                .isEqualTo(Outcome.refused("stickyip.io/pool: demo has no free address (2 addresses, all reserved)"));
    }

    @Test
    void aSlotThatHoldsOtherAddressesThanAskedIsARefusal() throws Exception {
        await(reserver.reserve(plan(WEB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog));

        assertThat(await(reserver.reserve(plan(WEB, 0, Map.of("stickyip.io/ip", "10.77.0.2")), catalog)))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.reason())
                                .isEqualTo(
                                        "slot 0 of deployment shop/web holds 10.77.0.1 but the annotations now ask for 10.77.0.2: "
                                                + "an address stays with its workload until the workload is deleted"));
    }

    @Test
    void anUnavailableStoreIsAValueAndNothingIsReserved() throws Exception {
        store.down = true;

        assertThat(await(reserver.reserve(plan(WEB, 0, Map.of("stickyip.io/pool", "demo")), catalog)))
                .isEqualTo(Outcome.unavailable("etcd is unavailable at http://etcd:2379"));
        assertThat(await(reserver.preview(plan(WEB, 0, Map.of("stickyip.io/ip", "10.77.0.1")), catalog)))
                .isEqualTo(Outcome.unavailable("etcd is unavailable at http://etcd:2379"));
        assertThat(store.holders).isEmpty();
    }

    @Test
    void aPreviewWritesNothing() throws Exception {
        Outcome<Assignment> preview =
                await(reserver.preview(plan(WEB, 0, Map.of("stickyip.io/pool", "demo")), catalog));

        assertThat(preview.isDone()).isTrue();
        assertThat(store.holders).isEmpty();
    }
}
