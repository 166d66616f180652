package io.stickyip.agent.node;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.stickyip.core.node.NodeAddressContract;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.pool.v1alpha1.IPPoolSpec;
import io.stickyip.core.pool.v1alpha1.Provider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeAddressPlumbingTest {

    static IPPool pool(String name, IPPoolSpec.Scope scope, Provider.Type provider) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setScope(scope);
        spec.setRanges(List.of("192.0.2.10-192.0.2.11"));
        if (provider != null) {
            Provider p = new Provider();
            p.setType(provider);
            spec.setProvider(p);
        }
        IPPool pool = new IPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        pool.setSpec(spec);
        return pool;
    }

    static final PoolCatalog CATALOG = PoolCatalog.of(List.of(
            pool("routed", IPPoolSpec.Scope.Node, null),
            pool("routed-static", IPPoolSpec.Scope.Node, Provider.Type.STATIC)));

    static Map<String, String> annotated(String address) {
        return Map.of(NodeAddressContract.ADDRESS_ANNOTATION, address);
    }

    static Map<String, String> labelled(String pool) {
        return Map.of(NodeAddressContract.POOL_LABEL, pool);
    }

    @Test
    void theNodeCarriesTheAddressOfItsStaticNodePool() {
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), labelled("routed"), CATALOG)).contains("192.0.2.10");
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.11"), labelled("routed-static"), CATALOG)).contains("192.0.2.11");
    }

    @Test
    void nothingWithoutTheLabelAnUnknownPoolOrAnAddressOutsideThePool() {
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), Map.of(), CATALOG)).isEmpty();
        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), labelled("gone"), CATALOG)).isEmpty();
        assertThat(NodeAddressPlumbing.desired(annotated("198.51.100.1"), labelled("routed"), CATALOG)).isEmpty();
        assertThat(NodeAddressPlumbing.desired(annotated("not an address"), labelled("routed"), CATALOG)).isEmpty();
    }

    @Test
    void anAwsNodePoolsAddressIsTheCloudsNotTheAgents() {
        PoolCatalog aws = PoolCatalog.of(List.of(pool("eips", IPPoolSpec.Scope.Node, Provider.Type.AWS)));

        assertThat(NodeAddressPlumbing.desired(annotated("192.0.2.10"), labelled("eips"), aws)).isEmpty();
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
