package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.contract.ContractViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressFilterTest {

    static Stream<Arguments> kubeIpFilters() {
        return Stream.of(
                arguments(
                        "the README's example",
                        "Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=prod",
                        List.of(
                                new AddressFilter.Term("tag:kubeip", List.of("reserved")),
                                new AddressFilter.Term("tag:environment", List.of("prod")))),
                arguments(
                        "several values in one term",
                        "Name=tag:env,Values=dev,staging",
                        List.of(new AddressFilter.Term("tag:env", List.of("dev", "staging")))),
                arguments(
                        "a trailing semicolon and spaces",
                        " Name=public-ip,Values=203.0.113.7 ; ",
                        List.of(new AddressFilter.Term("public-ip", List.of("203.0.113.7")))),
                arguments(
                        "a wildcard value",
                        "Name=tag-key,Values=kube*",
                        List.of(new AddressFilter.Term("tag-key", List.of("kube*")))),
                arguments("nothing", "", List.of()));
    }

    @ParameterizedTest(name = "parses {0}")
    @MethodSource("kubeIpFilters")
    void parsesKubeIpsFilterVerbatim(String what, String filter, List<AddressFilter.Term> terms)
            throws ContractViolation {
        AddressFilter parsed = AddressFilter.parse("FILTER", filter);
        assertThat(parsed.terms()).isEqualTo(terms);
        assertThat(AddressFilter.parse("FILTER", parsed.toString())).isEqualTo(parsed);
    }

    static Stream<Arguments> badFilters() {
        return Stream.of(
                arguments("tag:kubeip=reserved", "FILTER: tag:kubeip=reserved is not Name=NAME,Values=V1[,V2...]"),
                arguments("Name=tag:kubeip", "FILTER: Name=tag:kubeip is not Name=NAME,Values="),
                arguments("Name=tag:kubeip,Value=reserved", "is not Name=NAME,Values="),
                arguments(
                        "Name=tags:kubeip,Values=reserved",
                        "has the filter Name tags:kubeip, which DescribeAddresses does not know"),
                arguments("Name=tag:,Values=x", "has the filter Name tag:, which DescribeAddresses does not know"),
                arguments("Name=tag:a,Values=x,,y", "has an empty value in Values"),
                arguments("Name=tag:a,Values=", "has an empty value in Values"),
                arguments("Name=tag:a,Values=x;Name=tag:a,Values=y", "repeats the filter Name tag:a"));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("badFilters")
    void refusesABadFilterNamingTheValueAndTheRule(String filter, String message) {
        assertThatThrownBy(() -> AddressFilter.parse("FILTER", filter))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining(message);
    }

    @Test
    void theMapFormIsOneTagTermPerEntryAndCombinesWithTheKubeIpForm() throws ContractViolation {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("kubeip", "reserved");
        AddressFilter map = AddressFilter.ofTags("spec.provider.tagFilter", tags);
        AddressFilter both =
                map.and("spec.provider.filter", AddressFilter.parse("f", "Name=tag:environment,Values=prod"));

        assertThat(both.toString()).isEqualTo("Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=prod");
        assertThatThrownBy(() -> map.and("spec.provider.filter", AddressFilter.parse("f", "Name=tag:kubeip,Values=x")))
                .hasMessageContaining("repeats the filter Name tag:kubeip");
        assertThatThrownBy(() -> AddressFilter.ofTags("spec.provider.tagFilter", Map.of("kubeip", "")))
                .hasMessage(
                        "spec.provider.tagFilter.kubeip: \"\" needs a tag value (use Name=tag-key,Values=kubeip in the filter for any value)");
    }

    static Stream<Arguments> matching() {
        ElasticIp prod = Eips.free("eipalloc-1", "203.0.113.7", Map.of("kubeip", "reserved", "environment", "prod"));
        return Stream.of(
                arguments("Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=prod", prod, true),
                arguments("Name=tag:kubeip,Values=reserved;Name=tag:environment,Values=dev", prod, false),
                arguments("Name=tag:environment,Values=dev,prod", prod, true),
                arguments("Name=tag:environment,Values=pr?d", prod, true),
                arguments("Name=tag:environment,Values=p*", prod, true),
                arguments("Name=tag:environment,Values=p.*", prod, false),
                arguments("Name=tag-key,Values=kubeip", prod, true),
                arguments("Name=tag:owner,Values=*", prod, false),
                arguments("Name=public-ip,Values=203.0.113.7", prod, true),
                arguments("Name=association-id,Values=*", prod, false));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @MethodSource("matching")
    void matchesAsDescribeAddressesWould(String filter, ElasticIp eip, boolean matches) throws ContractViolation {
        assertThat(AddressFilter.parse("FILTER", filter).matches(eip)).isEqualTo(matches);
    }
}
