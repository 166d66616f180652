package io.stickyip.core.pool;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stickyip.core.contract.Addresses;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.testing.Pools;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PoolCatalogTest {

    @Test
    void keepsUsablePoolsAndRemembersWhyOthersAreBroken() {
        PoolCatalog catalog =
                Pools.catalog(pool("demo", "10.77.0.0/24"), pool("bad", "10.78.0.9/24"), pool("none", null));

        assertThat(catalog.get("demo")).map(CompiledPool::name).contains("demo");
        assertThat(catalog.get("bad")).isEmpty();
        assertThat(catalog.brokenReason("bad"))
                .contains("spec.cidr: 10.78.0.9/24 has host bits set; did you mean 10.78.0.0/24?");
        assertThat(catalog.brokenReason("none"))
                .contains(
                        "spec.cidr: (none) is missing: a pool needs a cidr or ranges (only a scope: Node pool of provider aws may have neither: its addresses are its filter's Elastic IPs)");
        assertThat(catalog.brokenReason("demo")).isEmpty();
        assertThat(catalog.get("missing")).isEmpty();
        assertThat(catalog.brokenReason("missing")).isEmpty();
        assertThat(catalog.all()).extracting(CompiledPool::name).containsExactly("demo");
    }

    @Test
    void findsThePoolsHoldingAnAddress() {
        PoolCatalog catalog = Pools.catalog(pool("a", "10.1.0.0/24"), pool("b", "fd00::/64"), pool("c", "10.2.0.0/24"));

        assertThat(catalog.containing(Addresses.parse("10.2.0.7").orElseThrow()))
                .extracting(CompiledPool::name)
                .containsExactly("c");
        assertThat(catalog.containing(Addresses.parse("fd00::7").orElseThrow()))
                .extracting(CompiledPool::name)
                .containsExactly("b");
        assertThat(catalog.containing(Addresses.parse("10.3.0.7").orElseThrow()))
                .isEmpty();
        assertThat(PoolCatalog.empty().all()).isEmpty();
    }

    @Test
    void listsOverlappingPoolsInNameOrderWhateverTheirListingOrder() {
        PoolCatalog catalog =
                Pools.catalog(pool("zeta", "10.5.0.0/24"), pool("alpha", "10.5.0.0/25"), pool("mid", "10.5.0.0/16"));

        assertThat(catalog.containing(Addresses.parse("10.5.0.9").orElseThrow()))
                .extracting(CompiledPool::name)
                .containsExactly("alpha", "mid", "zeta");
    }

    static Stream<Arguments> namespaceRules() {
        return Stream.of(
                arguments(List.of(), "anything", true),
                arguments(List.of("default", "demo"), "demo", true),
                arguments(List.of("default", "demo"), "dev", false),
                arguments(List.of("*"), "dev", true));
    }

    @ParameterizedTest(name = "namespaces {0} allow {1}: {2}")
    @MethodSource("namespaceRules")
    void allowsTheListedNamespaces(List<String> namespaces, String namespace, boolean allowed) {
        CompiledPool pool = Pools.catalog(pool("demo", "10.77.0.0/24", s -> s.setNamespaces(namespaces)))
                .get("demo")
                .orElseThrow();

        assertThat(pool.allowsNamespace(namespace)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "a pool {0} with prefixLength {1} gives pods /{2}")
    @CsvSource({
        "10.77.0.0/24, , 24",
        "10.77.0.0/24, 32, 32",
        "fd00::/64, , 64",
        "fd00::/120, 64, 64",
        ", , 32",
    })
    void givesPodsThePrefixLengthOfThePool(String cidr, Integer prefixLength, int expected) {
        CompiledPool pool = Pools.catalog(pool("p", cidr, s -> {
                    s.setPrefixLength(prefixLength);
                    if (cidr == null) {
                        s.setRanges(List.of("10.1.1.1-10.1.1.5"));
                    }
                }))
                .get("p")
                .orElseThrow();

        assertThat(pool.prefixLength()).isEqualTo(expected);
    }

    @Test
    void anIPv6RangePoolGivesPodsAHostRoute() {
        CompiledPool pool = Pools.catalog(pool("p", null, s -> s.setRanges(List.of("fd00::10-fd00::20"))))
                .get("p")
                .orElseThrow();

        assertThat(pool.prefixLength()).isEqualTo(128);
    }

    @Test
    void isPodScopedUnlessScopeIsNode() {
        CompiledPool pods = Pools.catalog(pool("p", "10.1.0.0/24")).get("p").orElseThrow();
        CompiledPool nodes = Pools.catalog(pool("n", "10.2.0.0/24", s -> s.setScope(IPPoolSpec.Scope.Node)))
                .get("n")
                .orElseThrow();

        assertThat(pods.isPodScoped()).isTrue();
        assertThat(nodes.isPodScoped()).isFalse();
    }
}
