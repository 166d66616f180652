package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.contract.ContractViolation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressOrderTest {

    static final ElasticIp A = Eips.free("eipalloc-c", "203.0.113.9", Map.of("rank", "2"));
    static final ElasticIp B = Eips.free("eipalloc-a", "203.0.113.10", Map.of("rank", "1"));
    static final ElasticIp C = Eips.free("eipalloc-b", "198.51.100.1", Map.of());

    static Stream<Arguments> orders() {
        return Stream.of(
                arguments("", List.of(B, C, A)), // no ORDER_BY: by allocation ID
                arguments("AllocationId", List.of(B, C, A)),
                arguments("PublicIp", List.of(C, B, A)), // strings, as KubeIP: .10 before .9
                arguments("Tag:rank", List.of(B, A, C)), // no such tag: last
                arguments("Tag:missing", List.of(B, C, A)), // nobody has it: the tie-break decides
                arguments("InstanceId", List.of(B, C, A))); // empty on every free address
    }

    @ParameterizedTest(name = "ORDER_BY={0}")
    @MethodSource("orders")
    void sortsAsKubeIpDoesAndBreaksTiesByAllocationId(String orderBy, List<ElasticIp> expected)
            throws ContractViolation {
        AddressOrder order = AddressOrder.parse("ORDER_BY", orderBy);
        assertThat(order.sort(List.of(A, B, C))).isEqualTo(expected);
        assertThat(order.sort(List.of(C, A, B))).as("whatever the API's order").isEqualTo(expected);
    }

    @Test
    void refusesAnOrderKubeIpDoesNotKnow() {
        assertThatThrownBy(() -> AddressOrder.parse("spec.provider.orderBy", "publicIp"))
                .hasMessageStartingWith(
                        "spec.provider.orderBy: publicIp is not an order KubeIP knows; use Tag:KEY or one of AllocationId,");
        assertThatThrownBy(() -> AddressOrder.parse("spec.provider.orderBy", "Tag:"))
                .hasMessage("spec.provider.orderBy: Tag: names no tag key (Tag:KEY)");
    }
}
