package io.stickyip.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinnedNodeTest {

    static final PoolCatalog CATALOG = PoolCatalog.of(List.of(
            pool("zone-a-pool", List.of("zone-a"), Map.of()),
            pool("selected", List.of(), Map.of("stickyip.io/lan", "true"))));

    static IPPool pool(String name, List<String> zones, Map<String, String> selector) {
        return Pools.pool(name, "192.0.2.0/24", spec -> {
            spec.setZones(zones);
            spec.getNodeSelector().putAll(selector);
        });
    }

    static Node node(String zone, String lan) {
        NodeBuilder b = new NodeBuilder()
                .withNewMetadata()
                .withName("w1")
                .addToLabels("topology.kubernetes.io/zone", zone)
                .endMetadata();
        if (!lan.isEmpty()) {
            b.editMetadata().addToLabels("stickyip.io/lan", lan).endMetadata();
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}: pool {1} on a node in {2} (lan={3})")
    @CsvSource({
        "refusesANodeOutsideThePoolsZone,        zone-a-pool, zone-b, '',   'node w1 is in zone zone-b, pool zone-a-pool allows zone zone-a'",
        "acceptsANodeInThePoolsZone,             zone-a-pool, zone-a, '',   ''",
        "refusesANodeTheSelectorDoesNotPick,     selected,    zone-a, false, 'pool selected needs stickyip.io/lan=true'",
        "acceptsANodeTheSelectorPicks,           selected,    zone-b, true, ''",
        "leavesAnUnknownPoolToThePlanner,        missing,     zone-b, '',   ''"
    })
    void decides(String sentence, String pool, String zone, String lan, String refusal) {
        var got = PinnedNode.refusal(node(zone, lan), List.of(pool), CATALOG);
        if (refusal.isEmpty()) {
            assertThat(got).as(sentence).isEmpty();
        } else {
            assertThat(got)
                    .as(sentence)
                    .hasValueSatisfying(
                            m -> assertThat(m).startsWith("spec.nodeName: ").contains(refusal));
        }
    }
}
