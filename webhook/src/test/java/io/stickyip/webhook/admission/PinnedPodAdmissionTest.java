package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.pool.v1alpha1.IPPool;
import io.stickyip.core.testing.Pools;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.testing.reservation.MapOccupancy;
import io.stickyip.testing.reservation.MapStore;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.it.Reviews;
import io.stickyip.webhook.pods.SlotClaims;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A pod pinned with spec.nodeName skips the extender: admission refuses a node its pool cannot live on. */
class PinnedPodAdmissionTest {
    static final Map<String, Node> NODES = Map.of(
            "w-a", node("w-a", "zone-a"),
            "w-b", node("w-b", "zone-b"));

    final MapStore store = new MapStore();
    final PodAdmission admission = new PodAdmission(
            Serialization.jsonMapper(),
            new PodAdmission.Views(
                    () -> PoolCatalog.of(List.of(pool())),
                    name -> CompletableFuture.completedFuture(Optional.ofNullable(NODES.get(name)))),
            new Reserver(
                    store,
                    new AllocationCache(),
                    new SlotClaims(new MapOccupancy(), PodView.NONE, LiveCheck.NONE, Runnable::run, Clock.systemUTC())),
            new PodAdmission.Writes(TestSeals.KEY, Optional.empty()),
            AdmissionPhases.NONE);

    static Node node(String name, String zone) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("topology.kubernetes.io/zone", zone)
                .endMetadata()
                .build();
    }

    static IPPool pool() {
        return Pools.pool("zone-a-pool", "192.0.2.0/24", spec -> spec.setZones(List.of("zone-a")));
    }

    AdmissionDecision admitPinnedTo(String node) throws Exception {
        String body = Reviews.barePod("shop", "db-on-" + node, Map.of("stickyip.io/pool", "zone-a-pool"));
        ObjectNode root = (ObjectNode) Reviews.JSON.readTree(body);
        ((ObjectNode) root.path("request").path("object").path("spec")).put("nodeName", node);
        ParsedReview review = new AdmissionReviews(Serialization.jsonMapper())
                .parse(Reviews.JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        return admission.admit(review).toCompletableFuture().join();
    }

    @Test
    void refusesAPodPinnedToANodeOutsideItsPoolsZoneAndReservesNothing() throws Exception {
        AdmissionDecision d = admitPinnedTo("w-b");

        assertThat(d)
                .isInstanceOfSatisfying(
                        AdmissionDecision.Deny.class,
                        deny -> assertThat(deny.message())
                                .startsWith(
                                        "spec.nodeName: node w-b is in zone zone-b, pool zone-a-pool allows zone zone-a"));
        assertThat(store.holders().toCompletableFuture().join())
                .as("nothing reserved")
                .isEmpty();
    }

    @Test
    void admitsAPodPinnedToANodeInItsPoolsZone() throws Exception {
        assertThat(admitPinnedTo("w-a")).isInstanceOf(AdmissionDecision.Patch.class);
        assertThat(store.holders().toCompletableFuture().join()).hasSize(1);
    }

    @Test
    void admitsAPodPinnedToAnUnknownNodeLeavingTheCheckToItsAgent() throws Exception {
        assertThat(admitPinnedTo("w-unknown")).isInstanceOf(AdmissionDecision.Patch.class);
    }
}
