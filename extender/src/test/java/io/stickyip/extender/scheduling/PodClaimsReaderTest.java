package io.stickyip.extender.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.testing.Pools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodClaimsReaderTest {
    static final PoolCatalog CATALOG =
            Pools.catalog(Pools.pool("db-eu", "192.0.2.0/24"), Pools.pool("db-eu-v6", "2001:db8:77::/120"));

    /** Pod shop/db-0 as the webhook wrote it, without the managed label the reader does not need. */
    static Pod pod(String addresses, String pools) {
        return Pods.unlabelled(Pods.reserved("shop", "db-0", "shop/StatefulSet/db", "0", addresses, pools))
                .editMetadata()
                .withUid("u1")
                .endMetadata()
                .build();
    }

    /** Pod shop/db-0 with no annotation at all. */
    static Pod unadmitted() {
        return Pods.pod("shop", "db-0")
                .editMetadata()
                .withUid("u1")
                .withAnnotations(Map.of())
                .endMetadata()
                .build();
    }

    @Test
    void readsEachAddressWithItsPool() {
        assertThat(PodClaimsReader.read(pod("192.0.2.10,192.0.2.11,2001:db8:77::5", "db-eu,db-eu-v6"), CATALOG))
                .isEqualTo(new PodClaimsReader.Read.Ok(new PodClaims(
                        "shop/db-0",
                        "u1",
                        List.of(
                                new PodClaims.Claim("192.0.2.10", "db-eu"),
                                new PodClaims.Claim("192.0.2.11", "db-eu"),
                                new PodClaims.Claim("2001:db8:77::5", "db-eu-v6")))));
    }

    @Test
    void refusesAPodTheWebhookDidNotAdmit() {
        assertThat(PodClaimsReader.read(unadmitted(), CATALOG))
                .isEqualTo(
                        new PodClaimsReader.Read.Refused(
                                "stickyip: pod shop/db-0 requests stickyip.io/ip but carries no stickyip.io/workload: the stickyip webhook did not admit it"));
    }

    @Test
    void refusesAPodWhoseContractIsBroken() {
        assertThat(PodClaimsReader.read(pod("192.0.2.300", "db-eu"), CATALOG))
                .isEqualTo(
                        new PodClaimsReader.Read.Refused(
                                "stickyip: pod shop/db-0 cannot be placed: stickyip.io/reserved-ip: 192.0.2.300 is not an IP address"));
    }

    @Test
    void refusesAnAddressNoKnownPoolHolds() {
        assertThat(PodClaimsReader.read(pod("192.0.2.10,192.0.2.11,2001:db8:77::5", "db-gone,db-eu-v6"), CATALOG))
                .isEqualTo(
                        new PodClaimsReader.Read.Refused(
                                "stickyip: pod shop/db-0 holds 192.0.2.10 from db-gone, db-eu-v6, but no known IPPool of those holds it"));
    }

    @Test
    void pairsAddressesAndPoolsOneToOneEvenWhenAPoolIsGone() {
        // the filter then fails the call naming the unknown pool
        assertThat(PodClaimsReader.read(pod("192.0.2.10,2001:db8:77::5", "db-gone,db-eu-v6"), CATALOG))
                .isInstanceOfSatisfying(
                        PodClaimsReader.Read.Ok.class,
                        ok -> assertThat(ok.claims().pools()).containsExactly("db-gone", "db-eu-v6"));
    }
}
