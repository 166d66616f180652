package io.stickyip.extender.cache;

import static io.stickyip.core.testing.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.extender.scheduling.PoolPlacement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PoolPlacementsTest {

    @Test
    void compilesEachPoolsFitAndFollowsANewCatalog() {
        AtomicReference<PoolCatalog> catalog = new AtomicReference<>(
                PoolCatalog.of(List.of(pool("db-eu", "192.0.2.0/24", s -> s.setZones(List.of("a"))))));
        PoolPlacements placements = new PoolPlacements(catalog::get);

        assertThat(placements.placement("db-eu"))
                .isInstanceOfSatisfying(
                        PoolPlacement.Known.class,
                        k -> assertThat(k.fit().placement().zones()).containsExactly("a"));
        assertThat(placements.placement("db-us")).isInstanceOf(PoolPlacement.Unknown.class);

        catalog.set(PoolCatalog.of(List.of(pool("db-eu", "192.0.2.0/24", s -> s.setZones(List.of("b"))))));

        assertThat(placements.placement("db-eu"))
                .isInstanceOfSatisfying(
                        PoolPlacement.Known.class,
                        k -> assertThat(k.fit().placement().zones()).containsExactly("b"));
    }

    @Test
    void namesWhyAPoolIsInvalid() {
        PoolPlacements placements = new PoolPlacements(() -> PoolCatalog.of(List.of(
                pool("bad-cidr", "192.0.2.9/24", s -> {}),
                pool("bad-zone", "198.51.100.0/24", s -> s.setZones(List.of("eu/west"))))));

        assertThat(placements.placement("bad-cidr"))
                .isEqualTo(new PoolPlacement.Invalid(
                        "spec.cidr: 192.0.2.9/24 has host bits set; did you mean 192.0.2.0/24?"));
        assertThat(placements.placement("bad-zone"))
                .isInstanceOfSatisfying(
                        PoolPlacement.Invalid.class,
                        i -> assertThat(i.reason()).startsWith("spec.zones: eu/west is not a zone name"));
    }
}
