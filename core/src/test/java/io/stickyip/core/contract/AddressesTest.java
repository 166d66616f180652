package io.stickyip.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest(name = "canonicalizes {0} to {1}")
    @CsvSource({
        "10.0.0.5, 10.0.0.5",
        "' 10.0.0.5 ', 10.0.0.5",
        "2001:DB8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "fd00:0:0:0:0:0:0:0, fd00::",
    })
    void canonicalizesAddresses(String text, String canonical) {
        assertThat(Addresses.parse(text)).map(Addresses::canonical).contains(canonical);
    }

    @ParameterizedTest(name = "refuses {0}")
    @NullAndEmptySource
    @ValueSource(
            strings = {
                " ",
                "10.0.0.300",
                "10.0.0",
                "10.0.0.1/32",
                "10.0.0.0/24",
                "10.0.0.*",
                "10.0.0.1-10.0.0.9",
                "0x0a.0.0.1",
                "010.0.0.1",
                "fd00::/64",
                "fd00::1::2",
                "*",
                "example.com",
                "255.255.255.0/8",
                "fd00::5%eth0",
                "fe80::1%2"
            })
    void refusesAnythingButOneAddress(String text) {
        assertThat(Addresses.parse(text)).isEmpty();
    }

    @Test
    void canonicalFormDropsAPrefixLength() {
        var prefixed = new inet.ipaddr.IPAddressString("10.0.0.5/24").getAddress();

        assertThat(Addresses.canonical(prefixed)).isEqualTo("10.0.0.5");
    }
}
