package io.stickyip.core.contract;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.admission.MutatedPods;
import io.stickyip.core.contract.ManagedPod.Condition;
import io.stickyip.core.contract.ManagedPod.ReservedAddress;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.workload.WorkloadRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManagedPodTest {

    static final WorkloadRef DB = new WorkloadRef("shop", "deployment", "db");

    static Pod pod(Map<String, String> annotations) {
        return Pods.pod("shop", "db-7d4b9c8f5-x2x9q")
                .editMetadata()
                .withAnnotations(new LinkedHashMap<>(annotations))
                .endMetadata()
                .withNewSpec()
                .withContainers(Pods.app())
                .endSpec()
                .build();
    }

    static Map<String, String> written(String ip, String pool) {
        return Map.of(
                Annotations.WORKLOAD,
                "shop/deployment/db",
                Annotations.SLOT,
                "2",
                Annotations.RESERVED_IP,
                ip,
                Annotations.RESERVED_POOL,
                pool);
    }

    @Test
    void readsBackWhatTheMutatorWrites() {
        Pod original = pod(Map.of(Annotations.POOL, "demo,demo6"));
        Assignment assignment = new Assignment(
                DB,
                3,
                List.of("10.77.0.12", "fd77::12"),
                List.of("demo", "demo6"),
                OptionalInt.of(24),
                Optional.of("10.77.0.1"));

        ManagedPod managed = ManagedPod.read(MutatedPods.mutated(original, assignment, Optional.empty()))
                .orElseThrow();

        assertThat(managed)
                .isEqualTo(new ManagedPod(
                        DB,
                        OptionalInt.of(3),
                        List.of("10.77.0.12", "fd77::12"),
                        List.of("demo", "demo6"),
                        OptionalInt.of(24),
                        Optional.of("10.77.0.1"),
                        true,
                        Condition.UNSET,
                        List.of()));
        assertThat(managed.complete()).isTrue();
        assertThat(ManagedPod.slotOf(MutatedPods.mutated(original, assignment, Optional.empty())))
                .hasValue(3);
        assertThat(managed.reserved())
                .containsExactly(
                        new ReservedAddress("10.77.0.12", Optional.of("demo")),
                        new ReservedAddress("fd77::12", Optional.of("demo6")));
    }

    static Stream<Arguments> unmanagedPods() {
        return Stream.of(
                arguments("no annotations at all", Pods.pod(null, "p").build()),
                arguments("no metadata", new Pod()),
                arguments("only the user's request", pod(Map.of(Annotations.POOL, "demo"))),
                arguments("a workload that is not namespace/kind/name", pod(Map.of(Annotations.WORKLOAD, "shop/db"))),
                arguments("a blank workload", pod(Map.of(Annotations.WORKLOAD, " "))));
    }

    @ParameterizedTest(name = "a pod with {0} is not managed")
    @MethodSource("unmanagedPods")
    void aPodThatNamesNoWorkloadIsNotManaged(String why, Pod pod) {
        assertThat(ManagedPod.read(pod)).isEmpty();
        assertThat(ManagedPod.workloadOf(pod)).isEmpty();
    }

    static Stream<Arguments> damagedParts() {
        return Stream.of(
                arguments(
                        "no slot",
                        Map.of(Annotations.WORKLOAD, "shop/deployment/db", Annotations.RESERVED_IP, "10.77.0.12"),
                        "stickyip.io/slot: (none) is missing"),
                arguments(
                        "a negative slot",
                        Map.of(
                                Annotations.WORKLOAD,
                                "shop/deployment/db",
                                Annotations.SLOT,
                                "-1",
                                Annotations.RESERVED_IP,
                                "10.77.0.12"),
                        "stickyip.io/slot: -1 is not a slot number (0 to 9999)"),
                arguments(
                        "a slot beyond the store's bound",
                        Map.of(
                                Annotations.WORKLOAD,
                                "shop/deployment/db",
                                Annotations.SLOT,
                                "10000",
                                Annotations.RESERVED_IP,
                                "10.77.0.12"),
                        "stickyip.io/slot: 10000 is not a slot number (0 to 9999)"),
                arguments(
                        "no address",
                        Map.of(Annotations.WORKLOAD, "shop/deployment/db", Annotations.SLOT, "0"),
                        "stickyip.io/reserved-ip: (none) is missing"),
                arguments(
                        "a blank address list",
                        Map.of(
                                Annotations.WORKLOAD,
                                "shop/deployment/db",
                                Annotations.SLOT,
                                "0",
                                Annotations.RESERVED_IP,
                                " "),
                        "stickyip.io/reserved-ip: \" \" is missing"),
                arguments(
                        "a CIDR instead of an address",
                        Map.of(
                                Annotations.WORKLOAD,
                                "shop/deployment/db",
                                Annotations.SLOT,
                                "0",
                                Annotations.RESERVED_IP,
                                "10.77.0.12/24"),
                        "stickyip.io/reserved-ip: 10.77.0.12/24 is not an IP address"),
                arguments(
                        "a prefix length of 0",
                        Map.of(
                                Annotations.WORKLOAD,
                                "shop/deployment/db",
                                Annotations.SLOT,
                                "0",
                                Annotations.RESERVED_IP,
                                "10.77.0.12",
                                Annotations.PREFIX_LENGTH,
                                "0"),
                        "stickyip.io/prefix-length: 0 is not a prefix length (1 to 128)"),
                arguments(
                        "a gateway that is a word",
                        Map.of(
                                Annotations.WORKLOAD,
                                "shop/deployment/db",
                                Annotations.SLOT,
                                "0",
                                Annotations.RESERVED_IP,
                                "10.77.0.12",
                                Annotations.GATEWAY,
                                "router"),
                        "stickyip.io/gateway: router is not an IP address"));
    }

    @ParameterizedTest(name = "a pod with {0} still names its workload, is not complete, and says why")
    @MethodSource("damagedParts")
    void aDamagedPartIsLeftOutAndNamed(String why, Map<String, String> annotations, String problem) {
        ManagedPod managed = ManagedPod.read(pod(annotations)).orElseThrow();

        assertThat(managed.workload()).isEqualTo(DB);
        assertThat(managed.complete()).isFalse();
        assertThat(managed.problems()).containsExactly(problem);
        assertThat(ManagedPod.slotOf(pod(annotations))).isEqualTo(managed.slot());
    }

    @Test
    void keepsTheGoodAddressesOfAListWithABadOne() {
        ManagedPod managed = ManagedPod.read(pod(written("10.77.0.12, 10.77.0.300 ,fd77:0::12", "demo")))
                .orElseThrow();

        assertThat(managed.addresses()).containsExactly("10.77.0.12", "fd77::12");
        assertThat(managed.problems()).containsExactly("stickyip.io/reserved-ip: 10.77.0.300 is not an IP address");
    }

    @Test
    void aKindWrittenInCapitalsIsTheSameWorkload() {
        assertThat(ManagedPod.workloadOf(pod(Map.of(Annotations.WORKLOAD, "shop/Deployment/db"))))
                .contains(DB);
    }

    @Test
    void aPodNamesAWorkloadOfItsOwnNamespaceOnly() {
        Pod foreign = new PodBuilder(pod(Map.of(Annotations.WORKLOAD, "shop/deployment/db")))
                .editMetadata()
                .withNamespace("intruder")
                .endMetadata()
                .build();
        Pod unplaced = new PodBuilder(pod(Map.of(Annotations.WORKLOAD, "shop/deployment/db")))
                .editMetadata()
                .withNamespace(null)
                .endMetadata()
                .build();

        assertThat(ManagedPod.workloadOf(foreign))
                .as("another namespace's workload")
                .isEmpty();
        assertThat(ManagedPod.foreignWorkloadOf(foreign)).contains(DB);
        assertThat(ManagedPod.workloadOf(unplaced))
                .as("a pod whose namespace is not known")
                .isEmpty();
        assertThat(ManagedPod.workloadOf(pod(Map.of(Annotations.WORKLOAD, "shop/deployment/db"))))
                .contains(DB);
        assertThat(ManagedPod.foreignWorkloadOf(pod(Map.of(Annotations.WORKLOAD, "shop/deployment/db"))))
                .isEmpty();
    }

    static Stream<Arguments> pairings() {
        Optional<String> unknown = Optional.empty();
        return Stream.of(
                arguments(
                        "one pool for two addresses",
                        "203.0.113.7,203.0.113.8",
                        "public-eu",
                        List.of(Optional.of("public-eu"), Optional.of("public-eu"))),
                arguments(
                        "a pool per address",
                        "10.77.0.12,fd77::12",
                        "demo,demo6",
                        List.of(Optional.of("demo"), Optional.of("demo6"))),
                arguments(
                        "three addresses from two pools",
                        "10.77.0.12,203.0.113.7,10.77.0.13",
                        "demo,public-eu",
                        List.of(unknown, unknown, unknown)),
                arguments("no pool written", "10.77.0.12", "", List.of(unknown)));
    }

    @ParameterizedTest(name = "{0}: the pod alone tells {3}")
    @MethodSource("pairings")
    void pairsAddressesWithPoolsAsFarAsThePodTells(
            String why, String ips, String pools, List<Optional<String>> expected) {
        ManagedPod managed = ManagedPod.read(pod(written(ips, pools))).orElseThrow();

        assertThat(managed.reserved()).extracting(ReservedAddress::pool).isEqualTo(expected);
    }

    @Test
    void theCatalogTellsTheRestButOnlyAmongTheWrittenPools() throws Exception {
        PoolCatalog catalog = PoolCatalog.of(List.of(
                pool("demo", "10.77.0.0/24"), pool("public-eu", "203.0.113.0/28"), pool("other", "198.51.100.0/28")));
        ManagedPod managed = ManagedPod.read(pod(written("10.77.0.12,203.0.113.7,198.51.100.3", "demo,public-eu")))
                .orElseThrow();

        assertThat(managed.reserved(catalog))
                .containsExactly(
                        new ReservedAddress("10.77.0.12", Optional.of("demo")),
                        new ReservedAddress("203.0.113.7", Optional.of("public-eu")),
                        new ReservedAddress("198.51.100.3", Optional.empty()));
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                arguments("True", Condition.TRUE),
                arguments("False", Condition.FALSE),
                arguments("Unknown", Condition.UNSET));
    }

    @ParameterizedTest(name = "condition status {0} reads as {1}")
    @MethodSource("conditions")
    void readsTheReadinessCondition(String status, Condition expected) {
        Pod pod = new PodBuilder(pod(written("10.77.0.12", "demo")))
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewCondition()
                .withType(Annotations.READY_CONDITION)
                .withStatus(status)
                .endCondition()
                .endStatus()
                .build();

        assertThat(ManagedPod.read(pod).orElseThrow().ipReady()).isEqualTo(expected);
    }

    @Test
    void aPodWithoutTheConditionOrGateHasNeither() {
        ManagedPod managed = ManagedPod.read(pod(written("10.77.0.12", "demo"))).orElseThrow();

        assertThat(managed.ipReady()).isEqualTo(Condition.UNSET);
        assertThat(managed.readinessGate()).isFalse();
    }
}
