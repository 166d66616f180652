package io.stickyip.agent.node;

import static io.stickyip.core.testing.Pools.aws;
import static io.stickyip.core.testing.Pools.catalog;
import static io.stickyip.core.testing.Pools.pool;
import static io.stickyip.core.testing.Pools.staticProvider;
import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.node.NodeAddressContract;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAddressPlumbingTest {

    /** A node pool over 192.0.2.10-192.0.2.11 with {@code provider} ({@code null}: none, which is static). */
    static IPPool nodePool(String name, Provider provider) {
        return pool(name, null, s -> {
            s.setScope(IPPoolSpec.Scope.Node);
            s.setRanges(List.of("192.0.2.10-192.0.2.11"));
            if (provider != null) {
                s.setProvider(provider);
            }
        });
    }

    static final PoolCatalog CATALOG = catalog(nodePool("routed", null), nodePool("routed-static", staticProvider()));

    static Map<String, String> annotated(String address) {
        return Map.of(NodeAddressContract.ADDRESS_ANNOTATION, address);
    }

    static Map<String, String> labelled(String pool) {
        return Map.of(NodeAddressContract.POOL_LABEL, pool);
    }

    @Test
    void theNodeCarriesTheAddressOfItsStaticNodePool() {
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), labelled("routed"), CATALOG))
                .contains("192.0.2.10");
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.11"), labelled("routed-static"), CATALOG))
                .contains("192.0.2.11");
    }

    @Test
    void nothingWithoutTheLabelAnUnknownPoolOrAnAddressOutsideThePool() {
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), Map.of(), CATALOG))
                .isEmpty();
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), labelled("gone"), CATALOG))
                .isEmpty();
        assertThat(NodeAddressPlumbing.desired(annotated("198.51.100.1"), labelled("routed"), CATALOG))
                .isEmpty();
        assertThat(NodeAddressPlumbing.desired(annotated("not an address"), labelled("routed"), CATALOG))
                .isEmpty();
    }

    @Test
    void anAwsNodePoolsAddressIsTheCloudsNotTheAgents() {
        PoolCatalog aws = catalog(nodePool("eips", aws(null)));

        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), labelled("eips"), aws))
                .isEmpty();
    }

    @Test
    void oursAreTheAddressesWithOurLabelOnly() {
        String json = """
                [{"ifindex":2,"ifname":"eth0","addr_info":[
                  {"family":"inet","local":"192.0.2.2","prefixlen":28,"label":"eth0"},
                  {"family":"inet","local":"192.0.2.10","prefixlen":32,"label":"eth0:sip"},
                  {"family":"inet","local":"192.0.2.12","prefixlen":32,"label":"eth0:other"}]}]""";

        assertThat(NodeAddressPlumbing.ours(json, "eth0:sip")).containsExactly("192.0.2.10");
        assertThat(NodeAddressPlumbing.ours("", "eth0:sip")).isEmpty();
    }

    @Test
    void aLabelFitsInFifteenCharacters() {
        assertThat(NodeAddressPlumbing.label("eth0")).contains("eth0:sip");
        assertThat(NodeAddressPlumbing.label("enp0s31f6x")).contains("enp0s31f6x:sip");
        assertThat(NodeAddressPlumbing.label("verylonginterf")).isEmpty();
    }
}
