package io.stickyip.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckedTest {
    private static final FieldError IP =
            new FieldError("stickyip.io/ip", "10.0.0.300", "ip", "stickyip.io/ip: 10.0.0.300 is not an IP address");
    private static final FieldError POOL =
            new FieldError("stickyip.io/pool", "", "pool", "stickyip.io/pool: must not be empty");

    @Test
    void aValidResultGivesItsValueEitherWay() throws ContractViolation {
        assertThat(Checked.valid("ok").orThrowFirst()).isEqualTo("ok");
        assertThat(Checked.valid("ok").orThrow()).isEqualTo("ok");
    }

    @Test
    void orThrowFirstThrowsTheFirstErrorWithItsOwnMessage() {
        Checked<String> two = Checked.invalid(List.of(IP, POOL));
        assertThatThrownBy(two::orThrowFirst)
                .isInstanceOf(ContractViolation.class)
                .hasMessage("stickyip.io/ip: 10.0.0.300 is not an IP address");
    }

    @Test
    void orThrowNamesThemAll() { // the contrast: the first error's field, every message
        Checked<String> two = Checked.invalid(List.of(IP, POOL));
        assertThatThrownBy(two::orThrow)
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("10.0.0.300 is not an IP address")
                .hasMessageContaining("must not be empty")
                .satisfies(e -> assertThat(((ContractViolation) e).field()).isEqualTo("stickyip.io/ip"));
    }
}
