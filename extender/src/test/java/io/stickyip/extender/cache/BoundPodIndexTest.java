package io.stickyip.extender.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.testing.Pods;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundPodIndexTest {
    final BoundPodIndex index = new BoundPodIndex();

    static Pod pod(String uid, String node, String phase, String addresses) {
        return Pods.unlabelled(Pods.reserved("shop", "db-" + uid, "shop/Deployment/db", "0", addresses, "db-eu"))
                .editMetadata()
                .withUid(uid)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    @Test
    void countsAddressesOfBoundPodsNotAttachedYet() {
        index.onAdd(pod("a", "w1", "Pending", "192.0.2.10,192.0.2.11"));
        index.onAdd(pod("b", "w1", "Running", "192.0.2.12"));
        index.onAdd(pod("c", "w2", "Running", "192.0.2.13"));

        assertThat(index.pending("w1", "", Set.of())).isEqualTo(3);
        assertThat(index.pending("w1", "", Set.of("192.0.2.12"))).isEqualTo(2);
        assertThat(index.pending("w1", "a", Set.of())).isEqualTo(1);
        assertThat(index.pending("w3", "", Set.of())).isZero();
    }

    @Test
    void leavesOutUnboundFinishedAndDeletedPods() {
        index.onAdd(pod("a", null, "Pending", "192.0.2.10"));
        index.onAdd(pod("b", "w1", "Succeeded", "192.0.2.11"));
        index.onAdd(pod("c", "w1", "Failed", "192.0.2.12"));
        Pod d = pod("d", "w1", "Running", "192.0.2.13");
        index.onAdd(d);
        index.onDelete(d, false);

        assertThat(index.pending("w1", "", Set.of())).isZero();
    }

    @Test
    void aPodThatFinishesStopsCounting() {
        Pod running = pod("a", "w1", "Running", "192.0.2.10");
        index.onAdd(running);
        index.onUpdate(running, pod("a", "w1", "Failed", "192.0.2.10"));

        assertThat(index.pending("w1", "", Set.of())).isZero();
    }

    @Test
    void countsAnAddressHeldByAnOldAndANewPodOnce() {
        index.onAdd(pod("old", "w1", "Running", "192.0.2.10"));
        index.onAdd(pod("new", "w1", "Pending", "192.0.2.10"));

        assertThat(index.pending("w1", "", Set.of())).isEqualTo(1);
    }

    @Test
    void leavesOutPodsWithoutReservedAddresses() {
        Pod plain = Pods.pod("shop", "web")
                .editMetadata()
                .withUid("w")
                .endMetadata()
                .withNewSpec()
                .withNodeName("w1")
                .endSpec()
                .build();
        index.onAdd(plain);

        assertThat(index.pending("w1", "", Set.of())).isZero();
    }
}
