package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.core.testing.Pools;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.testing.reservation.MapOccupancy;
import io.stickyip.testing.reservation.MapStore;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.events.AddressReserved;
import io.stickyip.webhook.it.Reviews;
import io.stickyip.webhook.pods.SlotClaims;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What an admission tells for the pod's AddressReserved Event: a reservation patched on, never a dry run or a denial. */
class ReservedEventAdmissionTest {
    final List<AddressReserved> told = new CopyOnWriteArrayList<>();
    final MapStore store = new MapStore();
    final PodAdmission admission = new PodAdmission(
            Serialization.jsonMapper(),
            new PodAdmission.Views(
                    () -> PoolCatalog.of(
                            List.of(Pools.pool("demo", "10.77.0.0/24", spec -> spec.setNamespaces(List.of("shop"))))),
                    NodeLookup.NONE),
            new Reserver(
                    store,
                    new AllocationCache(),
                    new SlotClaims(new MapOccupancy(), PodView.NONE, LiveCheck.NONE, Runnable::run, Clock.systemUTC())),
            new PodAdmission.Writes(TestSeals.KEY, Optional.empty()),
            AdmissionPhases.NONE,
            told::add);

    AdmissionDecision admit(String body) throws MalformedReviewException {
        ParsedReview review =
                new AdmissionReviews(Serialization.jsonMapper()).parse(body.getBytes(StandardCharsets.UTF_8));
        return admission.admit(review).toCompletableFuture().join();
    }

    @Test
    void anAdmittedPodsEventNamesItsAddressItsPoolAndItsWorkloadInItsOwnNamespace() throws Exception {
        AdmissionDecision d = admit(Reviews.barePod("shop", "db", Map.of("stickyip.io/pool", "demo")));

        assertThat(d).isInstanceOf(AdmissionDecision.Patch.class);
        String reserved =
                store.holders().toCompletableFuture().join().keySet().iterator().next();
        assertThat(told).singleElement().satisfies(r -> {
            assertThat(r.namespace()).isEqualTo("shop");
            assertThat(r.name()).isEqualTo("db");
            assertThat(r.assignment().addresses()).containsExactly(reserved);
            assertThat(r.message())
                    .isEqualTo(
                            "reserved " + reserved + " from pool demo for pod db (slot 0); it stays with the workload");
        });
    }

    @Test
    void aDeploymentsPodWithoutANameYetIsToldByNamespaceAndItsAddresses() throws Exception {
        admit(Reviews.deploymentPod("shop", "web", Map.of("stickyip.io/pool", "demo"), false));

        assertThat(told).singleElement().satisfies(r -> {
            assertThat(r.namespace()).isEqualTo("shop");
            assertThat(r.name()).isEmpty();
            assertThat(r.message()).contains(" from pool demo for deployment web (slot ");
        });
    }

    @Test
    void aReinvocationOnItsOwnOutputTellsNothingMore() throws Exception {
        String body = Reviews.deploymentPod("shop", "web", Map.of("stickyip.io/pool", "demo"), false);
        AdmissionDecision first = admit(body);
        assertThat(first).isInstanceOf(AdmissionDecision.Patch.class);

        AdmissionDecision again = admit(Reviews.again(body, ((AdmissionDecision.Patch) first).patch(), "shop"));

        assertThat(again).as("its own output, admitted again").isInstanceOf(AdmissionDecision.Patch.class);
        assertThat(told).as("told once, by the first pass").hasSize(1);
    }

    @Test
    void aDryRunTellsNothing() throws Exception {
        AdmissionDecision d = admit(Reviews.deploymentPod("shop", "web", Map.of("stickyip.io/pool", "demo"), true));

        assertThat(d).as("the dry run is answered").isInstanceOf(AdmissionDecision.Patch.class);
        assertThat(told).isEmpty();
    }

    @Test
    void aDeniedPodTellsNothing() throws Exception {
        AdmissionDecision d = admit(Reviews.barePod("dev", "tool", Map.of("stickyip.io/pool", "demo")));

        assertThat(d).isInstanceOf(AdmissionDecision.Deny.class);
        assertThat(told).isEmpty();
    }

    @Test
    void aFailingListenerNeverFailsTheAdmission() throws Exception {
        PodAdmission throwing = new PodAdmission(
                Serialization.jsonMapper(),
                new PodAdmission.Views(
                        () -> PoolCatalog.of(List.of(Pools.pool("demo", "10.77.0.0/24", spec -> {}))), NodeLookup.NONE),
                new Reserver(
                        new MapStore(),
                        new AllocationCache(),
                        new SlotClaims(
                                new MapOccupancy(), PodView.NONE, LiveCheck.NONE, Runnable::run, Clock.systemUTC())),
                new PodAdmission.Writes(TestSeals.KEY, Optional.empty()),
                AdmissionPhases.NONE,
                r -> {
                    throw new IllegalStateException("no events today");
                });
        ParsedReview review = new AdmissionReviews(Serialization.jsonMapper())
                .parse(Reviews.barePod("shop", "db", Map.of("stickyip.io/pool", "demo"))
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(throwing.admit(review).toCompletableFuture().join()).isInstanceOf(AdmissionDecision.Patch.class);
    }
}
