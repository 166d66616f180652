package io.stickyip.core.intent;

import static io.stickyip.core.testing.Pools.catalog;
import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.contract.ReservationSeal;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.plumbing.IpPrefix;
import io.stickyip.core.plumbing.PodAttachment;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.Attachment;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodIntentTest {
    static final List<IpPrefix> KEEP = List.of(IpPrefix.parse("10.244.0.0/16"), IpPrefix.parse("10.96.0.0/12"));
    static final PoolCatalog POOLS = catalog(
            pool("lan", "198.51.100.0/24", s -> {
                s.setGateway("198.51.100.1");
                s.setAttachment(attachment(Attachment.Mode.MACVLAN, "eth1"));
            }),
            pool("lan6", "2001:db8:5::/64"),
            pool("eips", "203.0.113.0/28", s -> s.setProvider(Pools.aws(null))),
            pool("nodes", "192.0.2.0/28", s -> s.setScope(IPPoolSpec.Scope.Node)),
            pool("private", "192.0.2.64/28", s -> s.setNamespaces(List.of("other"))),
            pool("zone-b", "192.0.2.128/28", s -> s.setZones(List.of("b"))));
    /** Node w1, in zone a. */
    static final Node W1 = new NodeBuilder()
            .withNewMetadata()
            .withName("w1")
            .addToLabels("topology.kubernetes.io/zone", "a")
            .endMetadata()
            .withNewStatus()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress("10.0.0.11")
            .endAddress()
            .endStatus()
            .build();

    static final ReservationCheck.Trust TRUST = new ReservationCheck.Trust(TestSeals.TRUSTED, Optional.of(W1));
    static final String ADMISSION = "adm-1";

    static Attachment attachment(Attachment.Mode mode, String master) {
        Attachment a = new Attachment();
        a.setMode(mode);
        a.setMaster(master);
        return a;
    }

    /** A managed pod on w1 as the webhook writes it, sealed. */
    static Pod pod(String ips, String pools) {
        return TestSeals.sealed(unsealed(ips, pools), ADMISSION);
    }

    /** The same without its seal, as a tenant could write it. */
    static Pod unsealed(String ips, String pools) {
        return Pods.unlabelled(Pods.reserved("shop", "db-1", "shop/deployment/db", "0", ips, pools))
                .editMetadata()
                .withUid("u-1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("w1")
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
    }

    static Stream<Arguments> releases() {
        return Stream.of(
                arguments(
                        "a pod bound to another node",
                        edit(
                                pod("198.51.100.10", "lan"),
                                b -> b.editSpec().withNodeName("w2").endSpec()),
                        "the pod is not bound to w1"),
                arguments(
                        "a pod not bound yet",
                        edit(
                                pod("198.51.100.10", "lan"),
                                b -> b.editSpec().withNodeName(null).endSpec()),
                        "the pod is not bound to w1"),
                arguments(
                        "a terminating pod",
                        edit(
                                pod("198.51.100.10", "lan"),
                                b -> b.editMetadata()
                                        .withDeletionTimestamp("2026-11-01T10:00:00Z")
                                        .endMetadata()),
                        "the pod is terminating"),
                arguments(
                        "a finished pod",
                        edit(
                                pod("198.51.100.10", "lan"),
                                b -> b.editStatus().withPhase("Succeeded").endStatus()),
                        "the pod has finished (Succeeded)"),
                arguments(
                        "a pod that names no workload",
                        Pods.pod(null, "x")
                                .editMetadata()
                                .withUid("u")
                                .endMetadata()
                                .withNewSpec()
                                .withNodeName("w1")
                                .endSpec()
                                .build(),
                        "the pod has no reserved address"));
    }

    @ParameterizedTest(name = "releases {0}")
    @MethodSource("releases")
    void releasesWhatIsNotThisNodesToPlumb(String what, Pod pod, String why) {
        assertThat(PodIntent.of(pod, "w1", TRUST, POOLS, KEEP)).isEqualTo(new PodIntent.Release(why));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments(
                        "an address no named pool holds",
                        pod("10.9.9.9", "lan,lan6"),
                        PodIntent.UNKNOWN_POOL,
                        "address 10.9.9.9: no pool named on the pod (lan,lan6) holds it"),
                arguments(
                        "a pool that was deleted",
                        pod("198.51.100.10", "gone"),
                        PodIntent.UNKNOWN_POOL,
                        "pool gone of 198.51.100.10 does not exist"),
                arguments(
                        "a malformed reserved address",
                        pod("198.51.100.300", "lan"),
                        PodIntent.INVALID_CONTRACT,
                        "stickyip.io/reserved-ip: 198.51.100.300 is not an IP address"),
                arguments(
                        "an aws pool",
                        pod("203.0.113.3", "eips"),
                        PodIntent.PROVIDER,
                        "pool eips is provider aws: this agent has no cloud client (STICKYIP_AWS_*) or its node no EC2 instance"
                                + " (spec.providerID aws:///ZONE/i-…)"),
                arguments(
                        "a node-scoped pool",
                        pod("192.0.2.3", "nodes"),
                        PodIntent.PROVIDER,
                        "pool nodes is scope Node: its addresses belong to nodes, not pods"),
                arguments(
                        "a hostNetwork pod",
                        edit(
                                pod("198.51.100.10", "lan"),
                                b -> b.editSpec().withHostNetwork(true).endSpec()),
                        PodIntent.HOST_NETWORK,
                        "the pod uses the node's network (hostNetwork: true): a pod address needs the pod's own network namespace"));
    }

    static Stream<Arguments> notReservedByStickyip() {
        String notOurs = ": the address was not reserved by stickyip for this pod";
        return Stream.of(
                arguments(
                        "a pod with hand-written annotations and no seal",
                        unsealed("198.51.100.10", "lan"),
                        TRUST,
                        ReservationCheck.UNSEALED,
                        "stickyip.io/seal is missing" + notOurs),
                arguments(
                        "a sealed pod's annotations in another namespace",
                        edit(
                                pod("198.51.100.10", "lan"),
                                b -> b.editMetadata().withNamespace("tenant-b").endMetadata()),
                        TRUST,
                        ReservationCheck.UNSEALED,
                        "stickyip.io/seal does not match the pod's annotations or namespace" + notOurs),
                arguments(
                        "a sealed pod given another address",
                        edit(
                                pod("198.51.100.10", "lan"),
                                b -> b.editMetadata()
                                        .addToAnnotations(Annotations.RESERVED_IP, "198.51.100.11")
                                        .endMetadata()),
                        TRUST,
                        ReservationCheck.UNSEALED,
                        "stickyip.io/seal does not match the pod's annotations or namespace" + notOurs),
                arguments(
                        "a pod sealed with a key this cluster does not trust",
                        edit(
                                unsealed("198.51.100.10", "lan"),
                                b -> b.editMetadata()
                                        .addToAnnotations(
                                                Annotations.SEAL,
                                                ReservationSeal.sign(
                                                        TestSeals.OTHER,
                                                        "shop",
                                                        ADMISSION,
                                                        unsealed("198.51.100.10", "lan")
                                                                .getMetadata()
                                                                .getAnnotations()))
                                        .endMetadata()),
                        TRUST,
                        ReservationCheck.UNSEALED,
                        "stickyip.io/seal was not signed by this cluster's webhook (key id " + TestSeals.OTHER.keyId()
                                + " unknown)" + notOurs),
                arguments(
                        "a sealed address outside its pool (the pool's gateway)",
                        pod("198.51.100.1", "lan"),
                        TRUST,
                        ReservationCheck.OUTSIDE_POOL,
                        "address 198.51.100.1 is not one of pool lan's addresses (its ranges, less exclusions"
                                + " and gateway)"),
                arguments(
                        "a sealed address of a pool closed to the namespace",
                        pod("192.0.2.66", "private"),
                        TRUST,
                        ReservationCheck.NAMESPACE,
                        "namespace shop may not use pool private"),
                arguments(
                        "a sealed address of a pool whose placement excludes the node",
                        pod("192.0.2.130", "zone-b"),
                        TRUST,
                        ReservationCheck.PLACEMENT,
                        "node w1 is in zone a, pool zone-b allows zone b (spec.zones): its addresses cannot"
                                + " live there"),
                arguments(
                        "a node not known yet",
                        pod("198.51.100.10", "lan"),
                        new ReservationCheck.Trust(TestSeals.TRUSTED, Optional.empty()),
                        ReservationCheck.PLACEMENT,
                        "the node is not known yet: pool lan's placement cannot be checked"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("notReservedByStickyip")
    void refusesWhatStickyipDidNotReserveForThisPodOnThisNode(
            String what, Pod pod, ReservationCheck.Trust trust, String reason, String message) {
        assertThat(PodIntent.of(pod, "w1", trust, POOLS, KEEP)).isEqualTo(new PodIntent.Invalid(reason, message));
    }

    @Test
    void plumbsTheSameAddressesWhenSealedForThisNamespaceOnANodeThatFits() {
        Node zoneB = new NodeBuilder(W1)
                .editMetadata()
                .addToLabels("topology.kubernetes.io/zone", "b")
                .endMetadata()
                .build();
        Pod other = edit(
                unsealed("192.0.2.66", "private"),
                b -> b.editMetadata().withNamespace("other").endMetadata());

        assertThat(PodIntent.of(pod("198.51.100.10", "lan"), "w1", TRUST, POOLS, KEEP))
                .isInstanceOf(PodIntent.Plumb.class);
        assertThat(PodIntent.of(TestSeals.sealed(other, ADMISSION), "w1", TRUST, POOLS, KEEP))
                .isInstanceOf(PodIntent.Plumb.class);
        assertThat(PodIntent.of(
                        pod("192.0.2.130", "zone-b"),
                        "w1",
                        new ReservationCheck.Trust(TestSeals.TRUSTED, Optional.of(zoneB)),
                        POOLS,
                        KEEP))
                .isInstanceOf(PodIntent.Plumb.class);
    }

    @ParameterizedTest(name = "tells {0}")
    @MethodSource("invalid")
    void tellsThePodWhatCannotBePlumbed(String what, Pod pod, String reason, String message) {
        assertThat(PodIntent.of(pod, "w1", TRUST, POOLS, KEEP)).isEqualTo(new PodIntent.Invalid(reason, message));
    }

    @Test
    void plumbsOneAttachmentPerPoolInThePodsOrder() {
        PodIntent intent =
                PodIntent.of(pod("198.51.100.10,2001:db8:5::a,198.51.100.11", "lan,lan6"), "w1", TRUST, POOLS, KEEP);
        assertThat(intent).isInstanceOfSatisfying(PodIntent.Plumb.class, p -> {
            assertThat(p.addresses()).containsExactly("198.51.100.10", "2001:db8:5::a", "198.51.100.11");
            assertThat(p.attachments()).extracting(PodAttachment::pool).containsExactly("lan", "lan6");
            PodAttachment lan = p.attachments().getFirst();
            assertThat(lan.mode()).isEqualTo(Attachment.Mode.MACVLAN);
            assertThat(lan.master()).isEqualTo("eth1");
            assertThat(lan.gateway()).isEqualTo("198.51.100.1");
            assertThat(lan.addresses())
                    .extracting(IpPrefix::toString)
                    .containsExactly("198.51.100.10/24", "198.51.100.11/24");
            assertThat(lan.keepOnEth0()).isEqualTo(KEEP);
            assertThat(p.attachments().get(1).mode())
                    .as("a pool without attachment is routed")
                    .isEqualTo(Attachment.Mode.ROUTED);
        });
    }

    @Test
    void withTheCloudSideAnAwsPoolIsPlannedWithThePublicAddressesUntilBound() {
        assertThat(PodIntent.of(pod("203.0.113.3", "eips"), "w1", TRUST, POOLS, KEEP, true))
                .isInstanceOfSatisfying(PodIntent.Plumb.class, p -> {
                    assertThat(p.addresses()).containsExactly("203.0.113.3");
                    assertThat(p.attachments()).extracting(PodAttachment::pool).containsExactly("eips");
                });
        assertThat(PodIntent.of(pod("192.0.2.3", "nodes"), "w1", TRUST, POOLS, KEEP, true))
                .as("a node pool stays refused")
                .isInstanceOf(PodIntent.Invalid.class);
    }

    @Test
    void thePrefixAndGatewayWrittenOnThePodWin() {
        Pod p = TestSeals.sealed(
                edit(
                        unsealed("198.51.100.10", "lan"),
                        b -> b.editMetadata()
                                .addToAnnotations(Annotations.PREFIX_LENGTH, "28")
                                .addToAnnotations(Annotations.GATEWAY, "198.51.100.14")
                                .endMetadata()),
                ADMISSION);
        PodIntent.Plumb plumb = (PodIntent.Plumb) PodIntent.of(p, "w1", TRUST, POOLS, KEEP);
        assertThat(plumb.attachments().getFirst().addresses())
                .extracting(IpPrefix::toString)
                .containsExactly("198.51.100.10/28");
        assertThat(plumb.attachments().getFirst().gateway()).isEqualTo("198.51.100.14");
    }

    static Pod edit(Pod pod, UnaryOperator<PodBuilder> change) {
        return change.apply(new PodBuilder(pod)).build();
    }
}
