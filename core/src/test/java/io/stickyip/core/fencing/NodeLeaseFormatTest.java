package io.stickyip.core.fencing;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NodeLeaseFormatTest {

    @Test
    void writesAttachedAddressesSortedAndReadsThemBack() {
        Map<String, String> a = NodeLeaseFormat.annotations(Set.of("192.0.2.51", "192.0.2.50", "2001:db8:1::50"), 28);

        assertThat(a).containsEntry("stickyip.io/attached", "192.0.2.50,192.0.2.51,2001:db8:1::50").containsEntry("stickyip.io/capacity", "28");
        assertThat(NodeLeaseFormat.heartbeat("node-a", "812", a))
                .isEqualTo(new NodeHeartbeat("node-a", "812", Set.of("192.0.2.50", "192.0.2.51", "2001:db8:1::50")));
        assertThat(NodeLeaseFormat.leaseName("node-a")).isEqualTo("stickyip-node-node-a");
    }

    @Test
    void aLeaseWithoutTheAnnotationHoldsNothing() {
        assertThat(NodeLeaseFormat.heartbeat("node-a", "1", null).attached()).isEmpty();
        assertThat(NodeLeaseFormat.heartbeat("node-a", "1", Map.of("stickyip.io/attached", "")).attached()).isEmpty();
    }
}
