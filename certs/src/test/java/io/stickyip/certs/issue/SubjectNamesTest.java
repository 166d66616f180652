package io.stickyip.certs.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectNamesTest {
    @Test
    void aServiceHasFourDnsNames() {
        assertThat(SubjectNames.serviceDnsNames("stickyip-webhook", "stickyip-system"))
                .containsExactly(
                        "stickyip-webhook",
                        "stickyip-webhook.stickyip-system",
                        "stickyip-webhook.stickyip-system.svc",
                        "stickyip-webhook.stickyip-system.svc.cluster.local");
    }

    @ParameterizedTest(name = "accepts {0} as {1}")
    @CsvSource({
        "stickyip-webhook, stickyip-webhook",
        "Webhook.Example.COM, webhook.example.com",
        "*.example.com, *.example.com",
        "' a.b ', a.b",
        "x1-2.y, x1-2.y"
    })
    void acceptsDnsNamesInLowerCase(String typed, String stored) {
        assertThat(SubjectNames.parse(List.of(typed), List.of()).dnsNames()).containsExactly(stored);
    }

    @ParameterizedTest(name = "rejects the DNS name \"{0}\"")
    @ValueSource(strings = {"", "-leading", "trailing-", "under_score", "a..b", "a.*.b", "http://x", "127.0.0.1:443"})
    void rejectsWhatIsNoDnsName(String typed) {
        assertThatThrownBy(() -> SubjectNames.parse(List.of(typed), List.of()))
                .isInstanceOf(InvalidSubjectNameException.class)
                .hasMessageContaining("is not a DNS name");
    }

    @ParameterizedTest(name = "rejects the IP address \"{0}\"")
    @ValueSource(strings = {"10.0.0.300", "localhost", "10.0.0.0/24", "1.2.3", "", "::1::2"})
    void rejectsWhatIsNoIpAddressWithoutResolvingIt(String typed) {
        assertThatThrownBy(() -> SubjectNames.parse(List.of(), List.of(typed)))
                .isInstanceOf(InvalidSubjectNameException.class)
                .hasMessage(typed + " is not an IP address");
    }

    @Test
    void namesAreEqualWhateverTheirOrder() {
        SubjectNames one = SubjectNames.parse(List.of("a", "b"), List.of("127.0.0.1", "::1"));
        SubjectNames other = SubjectNames.parse(List.of("b", "a", "a"), List.of("::1", "127.0.0.1"));

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    }

    @Test
    void theDifferenceNamesWhatWasAddedAndWhatWasRemoved() {
        SubjectNames requested = SubjectNames.parse(List.of("a", "c"), List.of("127.0.0.1"));
        SubjectNames current = SubjectNames.parse(List.of("a", "b"), List.of());

        assertThat(requested.differenceFrom(current)).isEqualTo("+c +127.0.0.1 -b");
    }

    @Test
    void thePrimaryNameIsTheFirstDnsNameElseTheFirstAddress() {
        assertThat(SubjectNames.parse(List.of("b", "a"), List.of("127.0.0.1")).primaryName())
                .isEqualTo("b");
        assertThat(SubjectNames.parse(List.of(), List.of("127.0.0.1")).primaryName())
                .isEqualTo("127.0.0.1");
    }
}
