package io.stickyip.core.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpPrefixTest {

    @ParameterizedTest(name = "{0} reads as {1}, network {2}, route text {3}")
    @CsvSource({
        "192.0.2.5/24,        192.0.2.5/24,        192.0.2.0/24,   192.0.2.5/24",
        "192.0.2.5,           192.0.2.5/32,        192.0.2.5/32,   192.0.2.5",
        "2001:DB8:0:0::5/64,  2001:db8::5/64,      2001:db8::/64,  2001:db8::5/64",
        "0.0.0.0/0,           0.0.0.0/0,           0.0.0.0/0,      default",
        "::/0,                ::/0,                ::/0,           default"
    })
    void readsAddressesInTheTextIproute2Prints(String text, String canonical, String network, String routeText) {
        IpPrefix p = IpPrefix.parse(text);

        assertThat(p.toString()).isEqualTo(canonical);
        assertThat(p.network().toString()).isEqualTo(network);
        assertThat(p.routeText()).isEqualTo(routeText);
    }

    @ParameterizedTest(name = "refuses {0}: {1}")
    @CsvSource({
        "192.0.2.300/24, is not an IP address",
        "192.0.2.5/33,   prefix length 33 of 192.0.2.5 is not in 0..32",
        "2001:db8::/x,   prefix length 'x'",
        "eth0,           is not an IP address"
    })
    void refusesWhatIsNotAPrefix(String text, String message) {
        assertThatThrownBy(() -> IpPrefix.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
