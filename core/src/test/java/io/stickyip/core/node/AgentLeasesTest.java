package io.stickyip.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentLeasesTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456Z");

    static AgentReport report(int free, String... attached) {
        return new AgentReport(
                "w3",
                "stickyip-agent-x7k2p",
                T0,
                Duration.ofSeconds(40),
                free,
                new TreeSet<>(java.util.List.of(attached)));
    }

    /** The object as docs/node-agent-lease.md shows it. */
    static final String FIXTURE = """
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata:
              name: stickyip-node-w3
              namespace: stickyip-system
              labels: {stickyip.io/agent-lease: "true"}
              annotations:
                stickyip.io/node: w3
                stickyip.io/free-addresses: "7"
                stickyip.io/attached: "192.0.2.10,2001:db8::a"
            spec:
              holderIdentity: stickyip-agent-x7k2p
              leaseDurationSeconds: 40
              renewTime: "2026-11-20T10:00:00.123456Z"
            """;

    @Test
    void readsTheDocumentedObject() {
        Lease lease = Serialization.unmarshal(FIXTURE, Lease.class);

        assertThat(AgentLeases.read(lease)).isEqualTo(new AgentLeases.Read.Ok(report(7, "192.0.2.10", "2001:db8::a")));
    }

    @Test
    void writesWhatItReads() {
        AgentReport r = report(7, "2001:db8::a", "192.0.2.10");

        Lease lease = AgentLeases.toLease("stickyip-system", r);

        assertThat(lease.getMetadata().getName()).isEqualTo("stickyip-node-w3");
        assertThat(lease.getMetadata().getLabels()).containsEntry(AgentLeases.LABEL, "true");
        assertThat(lease.getMetadata().getAnnotations()).containsEntry(AgentLeases.ATTACHED, "192.0.2.10,2001:db8::a");
        assertThat(AgentLeases.read(Serialization.unmarshal(Serialization.asYaml(lease), Lease.class)))
                .isEqualTo(new AgentLeases.Read.Ok(r));
        assertThat(Serialization.asYaml(lease)).contains("renewTime: \"2026-11-20T10:00:00.123456Z\"");
    }

    @Test
    void writesNoAttachedAddressesAsAnEmptyList() {
        Lease lease = AgentLeases.toLease("stickyip-system", report(3));

        assertThat(lease.getMetadata().getAnnotations()).containsEntry(AgentLeases.ATTACHED, "");
        assertThat(AgentLeases.read(lease)).isEqualTo(new AgentLeases.Read.Ok(report(3)));
    }

    @Test
    void aliveUntilTheHeartbeatExpires() {
        AgentReport r = report(1);

        assertThat(r.aliveAt(T0.plusSeconds(39))).isTrue();
        assertThat(r.aliveAt(T0.plusSeconds(40))).isFalse();
        assertThat(r.renewedAt(T0.plusSeconds(60)).aliveAt(T0.plusSeconds(99))).isTrue();
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                arguments(
                        "no node annotation",
                        edit(l -> l.getMetadata().getAnnotations().remove(AgentLeases.NODE)),
                        "Lease stickyip-node-w3 has no stickyip.io/node annotation"),
                arguments(
                        "no renew time",
                        edit(l -> l.getSpec().setRenewTime(null)),
                        "Lease stickyip-node-w3 has no spec.renewTime (no heartbeat yet)"),
                arguments(
                        "no lease duration",
                        edit(l -> l.getSpec().setLeaseDurationSeconds(null)),
                        "Lease stickyip-node-w3 spec.leaseDurationSeconds: null must be positive"),
                arguments(
                        "a zero lease duration",
                        edit(l -> l.getSpec().setLeaseDurationSeconds(0)),
                        "Lease stickyip-node-w3 spec.leaseDurationSeconds: 0 must be positive"),
                arguments(
                        "a free count that is a word",
                        edit(l -> l.getMetadata().getAnnotations().put(AgentLeases.FREE_ADDRESSES, "many")),
                        "Lease stickyip-node-w3 stickyip.io/free-addresses: many is not a count"),
                arguments(
                        "a negative free count",
                        edit(l -> l.getMetadata().getAnnotations().put(AgentLeases.FREE_ADDRESSES, "-1")),
                        "Lease stickyip-node-w3 stickyip.io/free-addresses: -1 is not a count"),
                arguments(
                        "no free count",
                        edit(l -> l.getMetadata().getAnnotations().remove(AgentLeases.FREE_ADDRESSES)),
                        "Lease stickyip-node-w3 stickyip.io/free-addresses: null is not a count"),
                arguments(
                        "an attached address that is not one",
                        edit(l ->
                                l.getMetadata().getAnnotations().put(AgentLeases.ATTACHED, "192.0.2.10, 192.0.2.300")),
                        "Lease stickyip-node-w3 stickyip.io/attached: 192.0.2.300 is not an IP address"));
    }

    static Lease edit(Consumer<Lease> change) {
        Lease lease = AgentLeases.toLease("stickyip-system", report(7, "192.0.2.10"));
        lease.getMetadata()
                .setAnnotations(
                        new java.util.LinkedHashMap<>(lease.getMetadata().getAnnotations()));
        change.accept(lease);
        return lease;
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("unreadable")
    void namesWhatIsWrongWithAnUnreadableLease(String why, Lease lease, String reason) {
        assertThat(AgentLeases.read(lease))
                .isInstanceOfSatisfying(
                        AgentLeases.Read.Unreadable.class,
                        u -> assertThat(u.reason()).isEqualTo(reason));
    }

    @Test
    void readsAttachedAddressesInCanonicalForm() {
        Lease lease =
                edit(l -> l.getMetadata().getAnnotations().put(AgentLeases.ATTACHED, " 2001:DB8:0::A ,192.0.2.10,"));

        assertThat(AgentLeases.read(lease)).isEqualTo(new AgentLeases.Read.Ok(report(7, "192.0.2.10", "2001:db8::a")));
    }

    static Stream<Arguments> writes() {
        Duration every = Duration.ofSeconds(10);
        AgentLeases.Read current = new AgentLeases.Read.Ok(report(7, "192.0.2.10"));
        return Stream.of(
                arguments(
                        "nothing changed, heartbeat not due",
                        current,
                        report(7, "192.0.2.10"),
                        T0.plusSeconds(9),
                        every,
                        false),
                arguments(
                        "nothing changed, heartbeat due",
                        current,
                        report(7, "192.0.2.10"),
                        T0.plusSeconds(10),
                        every,
                        true),
                arguments(
                        "an address attached",
                        current,
                        report(6, "192.0.2.10", "192.0.2.11"),
                        T0.plusSeconds(1),
                        every,
                        true),
                arguments("room changed", current, report(8, "192.0.2.10"), T0.plusSeconds(1), every, true),
                arguments("no Lease yet", new AgentLeases.Read.Unreadable(null, "none"), report(7), T0, every, true));
    }

    @ParameterizedTest(name = "{0}: write {5}")
    @MethodSource("writes")
    void writesOnChangeAndOnHeartbeat(
            String why, AgentLeases.Read current, AgentReport desired, Instant now, Duration every, boolean due) {
        assertThat(AgentLeases.due(current, desired, now, every)).isEqualTo(due);
    }

    @Test
    void namesTheLeaseAfterTheNode() {
        assertThat(AgentLeases.name("kwok-node-1")).isEqualTo("stickyip-node-kwok-node-1");
        assertThat(Map.of(AgentLeases.LABEL, "true"))
                .isEqualTo(AgentLeases.toLease("ns", report(0)).getMetadata().getLabels());
    }
}
