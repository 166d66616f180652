package io.stickyip.core.admission;

import static io.stickyip.core.testing.Pools.dns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.v1alpha1.Dns;
import io.stickyip.core.pool.v1alpha1.DnsOption;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodDnsTest {

    static Dns withPolicy(Dns d, Dns.Policy policy) {
        d.setPolicy(policy);
        return d;
    }

    static final Dns LAN = dns(List.of("192.0.2.53"), List.of("lan.example"), new DnsOption("ndots", "2"));
    static final Dns LAN6 =
            dns(List.of("2001:db8::53"), List.of("lan.example", "v6.lan.example"), new DnsOption("edns0", null));

    static PodSpec clusterFirst() {
        return new PodSpecBuilder().withDnsPolicy("ClusterFirst").build();
    }

    static PodSpec own(String policy, PodDNSConfig config) {
        return new PodSpecBuilder().withDnsPolicy(policy).withDnsConfig(config).build();
    }

    static PodDns.Settings merge(PodSpec spec, PodDns.FromPool... pools) throws ContractViolation {
        return PodDns.merge(spec, List.of(pools)).orElseThrow();
    }

    @Test
    void givesAClusterFirstPodThePoolsResolverOnly() throws ContractViolation {
        PodDns.Settings s = merge(clusterFirst(), new PodDns.FromPool("lan", LAN));

        assertThat(s.dnsPolicy()).isEqualTo("None");
        assertThat(s.config().getNameservers()).containsExactly("192.0.2.53");
        assertThat(s.config().getSearches()).containsExactly("lan.example");
        assertThat(s.config().getOptions()).containsExactly(new PodDNSConfigOption("ndots", "2"));
    }

    @Test
    void aPodWithoutPolicyIsClusterFirst() throws ContractViolation {
        assertThat(merge(new PodSpec(), new PodDns.FromPool("lan", LAN)).dnsPolicy())
                .isEqualTo("None");
    }

    @Test
    void policyClusterFirstKeepsTheClusterDnsAndAppendsThePools() throws ContractViolation {
        PodDns.Settings s = merge(
                clusterFirst(),
                new PodDns.FromPool(
                        "lan",
                        withPolicy(dns(List.of("192.0.2.53"), List.of("lan.example")), Dns.Policy.ClusterFirst)));

        assertThat(s.dnsPolicy()).as("left as the pod has it").isNull();
        assertThat(s.config().getNameservers()).containsExactly("192.0.2.53");
    }

    @ParameterizedTest(name = "a pod with dnsPolicy {0} keeps it")
    @CsvSource({"Default", "ClusterFirstWithHostNet", "None"})
    void aPolicyThePodChoseIsKept(String policy) throws ContractViolation {
        PodSpec spec = own(
                policy,
                new PodDNSConfigBuilder().withNameservers("198.51.100.53").build());

        assertThat(merge(spec, new PodDns.FromPool("lan", LAN)).dnsPolicy()).isNull();
    }

    @Test
    void searchAndOptionsAloneLeaveThePolicy() throws ContractViolation {
        PodDns.Settings s = merge(clusterFirst(), new PodDns.FromPool("lan", dns(List.of(), List.of("lan.example"))));

        assertThat(s.dnsPolicy()).as("None needs a nameserver").isNull();
        assertThat(s.config().getNameservers()).isNull();
        assertThat(s.config().getSearches()).containsExactly("lan.example");
    }

    @Test
    void noPoolWithDnsLeavesThePodAlone() throws ContractViolation {
        assertThat(PodDns.merge(
                        clusterFirst(),
                        List.of(new PodDns.FromPool("plain", null), new PodDns.FromPool("empty", new Dns()))))
                .isEmpty();
        assertThat(PodDns.merge(clusterFirst(), List.of())).isEmpty();
    }

    @Test
    void thePodsOwnEntriesComeFirstAndStayWithoutDuplicates() throws ContractViolation {
        PodSpec spec = own(
                "None",
                new PodDNSConfigBuilder()
                        .withNameservers("198.51.100.53", "192.0.2.53")
                        .withSearches("corp.example", "lan.example")
                        .addNewOption("ndots", "5")
                        .build());

        PodDns.Settings s = merge(spec, new PodDns.FromPool("lan", LAN));

        assertThat(s.config().getNameservers()).containsExactly("198.51.100.53", "192.0.2.53");
        assertThat(s.config().getSearches()).containsExactly("corp.example", "lan.example");
        assertThat(s.config().getOptions())
                .as("the pod's ndots stays")
                .containsExactly(new PodDNSConfigOption("ndots", "5"));
    }

    @Test
    void addressesAreComparedAsAddresses() throws ContractViolation {
        PodSpec spec = own(
                "None",
                new PodDNSConfigBuilder().withNameservers("2001:DB8:0::53").build());

        assertThat(merge(spec, new PodDns.FromPool("lan6", LAN6)).config().getNameservers())
                .containsExactly("2001:DB8:0::53");
    }

    @Test
    void twoPoolsMergeInPoolOrder() throws ContractViolation {
        PodDns.Settings s = merge(clusterFirst(), new PodDns.FromPool("lan", LAN), new PodDns.FromPool("lan6", LAN6));

        assertThat(s.dnsPolicy()).isEqualTo("None");
        assertThat(s.config().getNameservers()).containsExactly("192.0.2.53", "2001:db8::53");
        assertThat(s.config().getSearches()).containsExactly("lan.example", "v6.lan.example");
        assertThat(s.config().getOptions())
                .containsExactly(new PodDNSConfigOption("ndots", "2"), new PodDNSConfigOption("edns0", null));
        assertThat(merge(clusterFirst(), new PodDns.FromPool("lan6", LAN6), new PodDns.FromPool("lan", LAN))
                        .config()
                        .getNameservers())
                .containsExactly("2001:db8::53", "192.0.2.53");
    }

    @Test
    void aPoolNamedTwiceCountsOnce() throws ContractViolation {
        assertThat(merge(clusterFirst(), new PodDns.FromPool("lan", LAN), new PodDns.FromPool("lan", LAN))
                        .config()
                        .getNameservers())
                .containsExactly("192.0.2.53");
    }

    @Test
    void mergingAMergedPodChangesNothing() throws ContractViolation {
        PodDns.Settings once =
                merge(clusterFirst(), new PodDns.FromPool("lan", LAN), new PodDns.FromPool("lan6", LAN6));
        PodDns.Settings twice = merge(
                own(once.dnsPolicy(), once.config()),
                new PodDns.FromPool("lan", LAN),
                new PodDns.FromPool("lan6", LAN6));

        assertThat(twice.config()).isEqualTo(once.config());
        assertThat(twice.dnsPolicy()).isNull();
    }

    @Test
    void refusesMoreThanThreeNameserversNamingPodPoolsAndRule() {
        PodSpec spec = own(
                "None",
                new PodDNSConfigBuilder()
                        .withNameservers("198.51.100.1", "198.51.100.2")
                        .build());

        assertThatThrownBy(() ->
                        merge(spec, new PodDns.FromPool("lan", dns(List.of("192.0.2.53", "192.0.2.54"), List.of()))))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(
                        "spec.dnsConfig.nameservers: the pod's 198.51.100.1, 198.51.100.2 and pool lan's 192.0.2.53, 192.0.2.54"
                                + " make 4 servers (198.51.100.1, 198.51.100.2, 192.0.2.53, 192.0.2.54): a pod has at most 3 nameservers");
    }

    @Test
    void theClusterServerTakesOnePlaceUnderClusterFirst() {
        Dns three = withPolicy(dns(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"), List.of()), Dns.Policy.ClusterFirst);

        assertThatThrownBy(() -> merge(clusterFirst(), new PodDns.FromPool("lan", three)))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("spec.dnsConfig.nameservers: pool lan's 192.0.2.1, 192.0.2.2, 192.0.2.3 make 3 servers"
                        + " (192.0.2.1, 192.0.2.2, 192.0.2.3): a pod has at most 3 nameservers, the cluster's DNS server included"
                        + " (dnsPolicy ClusterFirst)");
    }

    @Test
    void refusesMoreThan32SearchDomains() {
        List<String> mine =
                IntStream.rangeClosed(1, 31).mapToObj(i -> "d" + i + ".example").toList();
        PodSpec spec =
                own("ClusterFirst", new PodDNSConfigBuilder().withSearches(mine).build());

        assertThatThrownBy(() -> merge(
                        spec, new PodDns.FromPool("lan", dns(List.of(), List.of("a.lan.example", "b.lan.example")))))
                .isInstanceOf(ContractViolation.class)
                .hasMessageStartingWith("spec.dnsConfig.searches: the pod's d1.example, ")
                .hasMessageEndingWith(" and pool lan's a.lan.example, b.lan.example make 33 domains of 390 characters:"
                        + " a pod has at most 32 search domains of at most 2048 characters in all");
    }

    @Test
    void refusesPoolsThatDisagreeOnThePolicy() {
        Dns other = withPolicy(dns(List.of("2001:db8::53"), List.of()), Dns.Policy.ClusterFirst);

        assertThatThrownBy(() ->
                        merge(clusterFirst(), new PodDns.FromPool("lan", LAN), new PodDns.FromPool("lan6", other)))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(
                        "spec.dns.policy: pools disagree (lan None, lan6 ClusterFirst): a pod of these pools gets one dnsPolicy");
    }

    @Test
    void refusesTwoPoolsGivingAnOptionTwoValues() {
        Dns other = dns(List.of("2001:db8::53"), List.of(), new DnsOption("ndots", "5"));

        assertThatThrownBy(() ->
                        merge(clusterFirst(), new PodDns.FromPool("lan", LAN), new PodDns.FromPool("lan6", other)))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(
                        "spec.dns.options: pools lan and lan6 give option ndots two values (2, 5): a pod of both pools gets one");
    }

    @Test
    void refusesAPoolWhoseDnsIsInvalidNamingThePool() {
        assertThatThrownBy(() ->
                        merge(clusterFirst(), new PodDns.FromPool("lan", dns(List.of("resolver.lan"), List.of()))))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("pool lan: spec.dns.nameservers: resolver.lan is not an IP address");
    }

    @Test
    void leavesThePodsSpecUntouched() throws ContractViolation {
        PodSpec spec = own(
                "ClusterFirst",
                new PodDNSConfigBuilder().withNameservers("198.51.100.53").build());

        merge(spec, new PodDns.FromPool("lan", LAN));

        assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(spec.getDnsConfig().getNameservers()).containsExactly("198.51.100.53");
        assertThat(spec.getDnsConfig().getSearches()).isNullOrEmpty();
    }

    @Test
    void checkNamesThePolicyAndEveryOptionTwoPoolsSetApart() {
        Dns other = withPolicy(
                dns(List.of("2001:db8::53"), List.of(), new DnsOption("ndots", "5"), new DnsOption("timeout", "1")),
                Dns.Policy.ClusterFirst);
        Dns lan = dns(
                List.of("192.0.2.53"),
                List.of("lan.example"),
                new DnsOption("ndots", "2"),
                new DnsOption("timeout", "3"));

        io.stickyip.core.contract.Checked<java.util.Optional<PodDns.Settings>> checked = PodDns.check(
                clusterFirst(), List.of(new PodDns.FromPool("lan", lan), new PodDns.FromPool("lan6", other)));

        assertThat(checked.errors())
                .extracting(io.stickyip.core.contract.FieldError::message)
                .containsExactly(
                        "spec.dns.policy: pools disagree (lan None, lan6 ClusterFirst): a pod of these pools gets one dnsPolicy",
                        "spec.dns.options: pools lan and lan6 give option ndots two values (2, 5): a pod of both pools gets one",
                        "spec.dns.options: pools lan and lan6 give option timeout two values (3, 1): a pod of both pools gets one");
        assertThatThrownBy(() ->
                        merge(clusterFirst(), new PodDns.FromPool("lan", lan), new PodDns.FromPool("lan6", other)))
                .isInstanceOf(ContractViolation.class)
                .hasMessage(
                        "spec.dns.policy: pools disagree (lan None, lan6 ClusterFirst): a pod of these pools gets one dnsPolicy");
    }

    @Test
    void checkNamesEveryPoolWhoseDnsIsInvalid() {
        assertThat(PodDns.check(
                                clusterFirst(),
                                List.of(
                                        new PodDns.FromPool("lan", dns(List.of("resolver.lan"), List.of())),
                                        new PodDns.FromPool("wan", dns(List.of("resolver.wan"), List.of()))))
                        .errors())
                .extracting(io.stickyip.core.contract.FieldError::message)
                .containsExactly(
                        "pool lan: spec.dns.nameservers: resolver.lan is not an IP address",
                        "pool wan: spec.dns.nameservers: resolver.wan is not an IP address");
    }
}
