package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.PoolCatalog;
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
import org.junit.jupiter.api.Test;

/** A pod that breaks several rules hears of all of them in one denial, and nothing is reserved. */
class PodAdmissionErrorsTest {
    final MapStore store = new MapStore();
    final MapOccupancy occupancy = new MapOccupancy();
    final PodAdmission admission = new PodAdmission(
            Serialization.jsonMapper(),
            () -> PoolCatalog.of(List.of()),
            new Reserver(
                    store,
                    new AllocationCache(),
                    new SlotClaims(occupancy, PodView.NONE, LiveCheck.NONE, Runnable::run, Clock.systemUTC())),
            new PodAdmission.Writes(TestSeals.KEY, Optional.empty()));

    private AdmissionDecision admit(String body) throws MalformedReviewException {
        ParsedReview review =
                new AdmissionReviews(Serialization.jsonMapper()).parse(body.getBytes(StandardCharsets.UTF_8));
        return admission.admit(review).toCompletableFuture().join();
    }

    @Test
    void everyBrokenAnnotationIsNamedInOneDenial() throws Exception {
        AdmissionDecision decision = admit(Reviews.barePod(
                "shop",
                "db",
                Map.of(
                        "stickyip.io/ip",
                        "10.0.0.300",
                        "stickyip.io/addresses-per-pod",
                        "0",
                        "kube-ipam.netmask",
                        "255.0.255.0")));

        assertThat(decision)
                .isEqualTo(AdmissionDecision.Deny.policy("stickyip.io/ip: 10.0.0.300 is not an IP address; "
                        + "stickyip.io/addresses-per-pod: 0 must be between 1 and 16; "
                        + "kube-ipam.netmask: 255.0.255.0 is not a contiguous netmask"));
        assertThat(store.slots).isEmpty();
    }

    @Test
    void aStatefulSetPodWithoutOrdinalHearsItBesideItsAnnotations() throws Exception {
        String body = Reviews.statefulSetPod("shop", "web", 0, Map.of("stickyip.io/pool", "Not A Pool"))
                .replace("\"web-0\"", "\"web-x\"");

        AdmissionDecision decision = admit(body);

        assertThat(decision).isInstanceOfSatisfying(AdmissionDecision.Deny.class, d -> {
            assertThat(d.code()).isEqualTo(403);
            assertThat(d.message()).startsWith("stickyip.io/pool: Not A Pool is not a list of pool names");
            assertThat(d.message()).contains("; metadata.name: web-x has no StatefulSet ordinal");
        });
        assertThat(store.slots).isEmpty();
    }

    @Test
    void aSingleBrokenRuleReadsAsBefore() throws Exception {
        AdmissionDecision decision = admit(Reviews.barePod("shop", "db", Map.of("stickyip.io/ip", "10.0.0.300")));

        assertThat(decision)
                .isEqualTo(AdmissionDecision.Deny.policy("stickyip.io/ip: 10.0.0.300 is not an IP address"));
    }
}
