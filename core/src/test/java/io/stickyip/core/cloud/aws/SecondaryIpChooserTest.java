package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecondaryIpChooserTest {

    static Stream<Arguments> choices() {
        return Stream.of(
                // a /29 has 8 addresses; AWS keeps .0-.3 and .7: only .4, .5, .6 can be chosen
                arguments("10.0.1.0/29", Set.of("10.0.1.4", "10.0.1.5"), Optional.of("10.0.1.6")),
                arguments("10.0.1.0/29", Set.of("10.0.1.4", "10.0.1.5", "10.0.1.6"), Optional.empty()),
                arguments("10.0.1.0/30", Set.of(), Optional.empty()),
                arguments("2001:db8::/64", Set.of(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0} with {1} used: {2}")
    @MethodSource("choices")
    void choosesAFreeAddressOutsideWhatAwsReserves(String cidr, Set<String> used, Optional<String> expected) {
        assertThat(SecondaryIpChooser.choose(cidr, used, "eipalloc-1")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverChoosesAReservedOrUsedAddressWhateverTheSeed(String seed) {
        String ip = SecondaryIpChooser.choose("10.0.1.0/28", Set.of("10.0.1.4", "10.0.1.9"), seed)
                .orElseThrow();
        int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
        assertThat(last).isBetween(4, 14).isNotIn(4, 9);
    }

    static Stream<String> seeds() {
        return Stream.of("eipalloc-1", "eipalloc-2", "eipalloc-0abcdef", "x", "");
    }
}
