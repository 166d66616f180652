package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodAddressCapacityTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // limit, addresses on the ENI (first is primary), ours, capacity, room
                arguments(10, Set.of("10.0.1.4"), Set.of(), 9, true),
                arguments(10, Set.of("10.0.1.4", "10.0.1.50", "10.0.1.51"), Set.of("10.0.1.50"), 8, true),
                arguments(3, Set.of("10.0.1.4", "10.0.1.50", "10.0.1.51"), Set.of("10.0.1.50", "10.0.1.51"), 2, false),
                arguments(2, Set.of("10.0.1.4", "10.0.1.60", "10.0.1.61"), Set.of(), 0, false));
    }

    @ParameterizedTest(name = "limit {0}, ENI {1}, ours {2}: capacity {3}")
    @MethodSource("cases")
    void capacityIsTheLimitLessThePrimaryAndForeignSecondaries(
            int limit, Set<String> ips, Set<String> ours, int capacity, boolean room) {
        PodAddressCapacity c = new PodAddressCapacity(limit, new EniView("eni-a", "subnet-1", "10.0.1.4", ips), ours);
        assertThat(c.capacity()).isEqualTo(capacity);
        assertThat(c.hasRoom()).isEqualTo(room);
    }
}
