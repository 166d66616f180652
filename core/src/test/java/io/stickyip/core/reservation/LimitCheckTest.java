package io.stickyip.core.reservation;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.contract.ContractViolation;
import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.Limits;
import io.stickyip.core.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure check of a pool's limits against what a namespace and a workload hold. */
class LimitCheckTest {
    static final WorkloadRef WEB = new WorkloadRef("dev", "deployment", "web");
    static final WorkloadRef DB = new WorkloadRef("dev", "statefulset", "db");

    static PoolLimit limit(Integer perNamespace, Integer perWorkload) throws ContractViolation {
        IPPool p = pool("public-eu", "203.0.113.0/24", s -> s.setLimits(new Limits(perNamespace, perWorkload)));
        return PoolLimit.of(CompiledPool.of(p)).orElseThrow();
    }

    /** {@code count} addresses of the pool held by {@code workload}, from 203.0.113.{first}. */
    static List<LimitCheck.Held> held(WorkloadRef workload, int first, int count) {
        List<LimitCheck.Held> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(new LimitCheck.Held(workload, "203.0.113." + (first + i)));
        }
        return held;
    }

    static List<LimitCheck.Held> plus(List<LimitCheck.Held> a, List<LimitCheck.Held> b) {
        List<LimitCheck.Held> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @ParameterizedTest(name = "the namespace holds {0}, asks {1} more, limit 5: over {2}")
    @CsvSource({"0, 1, false", "4, 1, false", "5, 1, true", "4, 2, true", "7, 1, true"})
    void aNamespaceMayHoldUpToItsLimit(int holds, int asks, boolean over) throws Exception {
        Optional<ClaimResult.OverLimit> result = LimitCheck.check(
                WEB,
                List.of(limit(5, null)),
                held(DB, 1, holds),
                held(WEB, 100, asks).stream().map(LimitCheck.Held::address).toList());

        assertThat(result.isPresent()).isEqualTo(over);
    }

    @Test
    void theNamespaceDenialNamesThePoolTheLimitAndTheRule() throws Exception {
        ClaimResult.OverLimit over = LimitCheck.check(
                        WEB, List.of(limit(5, null)), held(DB, 1, 5), List.of("203.0.113.100"))
                .orElseThrow();

        assertThat(over.describe())
                .isEqualTo("namespace dev holds 5 addresses of pool public-eu, its limit (spec.limits.perNamespace); "
                        + "delete a workload or ask for a higher limit");
    }

    @Test
    void aClaimThatWouldPassTheLimitSaysHowFar() throws Exception {
        ClaimResult.OverLimit over = LimitCheck.check(
                        WEB, List.of(limit(5, null)), held(DB, 1, 4), List.of("203.0.113.100", "203.0.113.101"))
                .orElseThrow();

        assertThat(over.describe())
                .isEqualTo("namespace dev holds 4 addresses of pool public-eu; 2 more would pass its limit of 5 "
                        + "(spec.limits.perNamespace); delete a workload or ask for a higher limit");
    }

    @Test
    void aWorkloadMayHoldUpToItsOwnLimitWhateverItsNamespaceHolds() throws Exception {
        PoolLimit limit = limit(10, 2);
        List<LimitCheck.Held> holds = plus(held(DB, 1, 5), held(WEB, 50, 2));

        assertThat(LimitCheck.check(DB, List.of(limit), holds, List.of("203.0.113.100"))
                        .orElseThrow()
                        .describe())
                .isEqualTo(
                        "statefulset dev/db holds 5 addresses of pool public-eu, past its limit of 2 (spec.limits.perWorkload); "
                                + "a workload keeps its addresses while it exists: ask for a higher limit");
        assertThat(LimitCheck.check(WEB, List.of(limit), holds, List.of("203.0.113.100"))
                        .orElseThrow()
                        .describe())
                .isEqualTo(
                        "deployment dev/web holds 2 addresses of pool public-eu, its limit (spec.limits.perWorkload); "
                                + "a workload keeps its addresses while it exists: ask for a higher limit");
        assertThat(LimitCheck.check(
                        new WorkloadRef("dev", "pod", "tool"), List.of(limit), holds, List.of("203.0.113.100")))
                .isEmpty();
    }

    @Test
    void onlyThePoolsOwnAddressesCount() throws Exception {
        List<LimitCheck.Held> elsewhere =
                List.of(new LimitCheck.Held(DB, "198.51.100.1"), new LimitCheck.Held(DB, "198.51.100.2"));

        assertThat(LimitCheck.check(WEB, List.of(limit(1, null)), elsewhere, List.of("203.0.113.100")))
                .isEmpty();
        assertThat(LimitCheck.check(WEB, List.of(limit(1, null)), held(DB, 1, 1), List.of("198.51.100.3")))
                .as("a claim of another pool's address adds nothing to this one")
                .isEmpty();
    }

    @Test
    void aClaimAddingNothingIsNeverOverALimit() throws Exception {
        assertThat(LimitCheck.check(WEB, List.of(limit(1, 1)), held(WEB, 1, 3), List.of()))
                .isEmpty();
    }

    @Test
    void aPoolWithoutLimitsHasNone() throws Exception {
        assertThat(PoolLimit.of(CompiledPool.of(pool("open", "203.0.113.0/24"))))
                .isEmpty();
    }

    @Test
    void theLimitsOfAClaimAreThoseOfThePoolsItsAddressesLieIn() throws Exception {
        PoolCatalog catalog = PoolCatalog.of(List.of(
                pool("public-eu", "203.0.113.0/24", s -> s.setLimits(new Limits(5, null))),
                pool("open", "198.51.100.0/24"),
                pool("other", "192.0.2.0/24", s -> s.setLimits(new Limits(1, null)))));

        assertThat(PoolLimit.forAddresses(catalog, List.of("203.0.113.7", "198.51.100.7", "10.0.0.1")))
                .extracting(PoolLimit::pool)
                .containsExactly("public-eu");
    }
}
