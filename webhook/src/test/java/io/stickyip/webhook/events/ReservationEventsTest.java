package io.stickyip.webhook.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.stickyip.core.admission.Assignment;
import io.stickyip.core.contract.Annotations;
import io.stickyip.core.testing.ManualClock;
import io.stickyip.core.testing.Pods;
import io.stickyip.core.workload.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** An admission's AddressReserved Event waits for its pod, lands on that pod only, once, and never throws. */
class ReservationEventsTest {
    static final Assignment WEB = new Assignment(
            new WorkloadRef("shop", WorkloadRef.DEPLOYMENT, "web"),
            1,
            List.of("10.77.0.5"),
            List.of("demo"),
            OptionalInt.empty(),
            Optional.empty(),
            "tok-1");

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-08T03:00:00Z"));
    final List<String> written = new CopyOnWriteArrayList<>();
    final ReservationEvents events = new ReservationEvents(
            (pod, r) -> written.add(
                    pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + ": " + r.message()),
            Runnable::run,
            clock,
            Duration.ofMinutes(2));

    static Pod stored(String namespace, String name, String claim, String addresses) {
        return Pods.reserved(namespace, name, namespace + "/deployment/web", "1", addresses, "demo")
                .editMetadata()
                .addToAnnotations(Annotations.CLAIM, claim)
                .endMetadata()
                .build();
    }

    @Test
    void writesOneEventOnThePodOnceItIsStored() {
        events.accept(new AddressReserved("shop", "", "tok-1", WEB));
        assertThat(written).as("not before the pod exists").isEmpty();

        events.live(stored("shop", "web-5d8f7c9b6-x2x9q", "tok-1", "10.77.0.5"));
        events.live(stored("shop", "web-5d8f7c9b6-x2x9q", "tok-1", "10.77.0.5")); // an update of the same pod

        assertThat(written)
                .containsExactly("shop/web-5d8f7c9b6-x2x9q: reserved 10.77.0.5 from pool demo for deployment web"
                        + " (slot 1); it stays with the workload");
        assertThat(events.written()).isEqualTo(1);
        assertThat(events.pending()).isZero();
    }

    @Test
    void aPodOfAnotherNamespaceWithTheSameTokenGetsNothing() {
        events.accept(new AddressReserved("shop", "", "tok-1", WEB));

        events.live(stored("dev", "copy", "tok-1", "10.77.0.5"));

        assertThat(written).isEmpty();
        assertThat(events.pending()).as("still waiting for shop's pod").isEqualTo(1);
    }

    @Test
    void aPodShowingOtherAddressesGetsNothing() {
        events.accept(new AddressReserved("shop", "", "tok-1", WEB));

        events.live(stored("shop", "web-a", "tok-1", "10.77.0.6"));

        assertThat(written).isEmpty();
    }

    @Test
    void aNamedPodWithoutATokenIsFoundByItsName() {
        events.accept(new AddressReserved("shop", "db", "", WEB));

        events.live(Pods.reserved("shop", "db", "shop/deployment/web", "1", "10.77.0.5", "demo")
                .build());

        assertThat(written).singleElement().asString().startsWith("shop/db: reserved 10.77.0.5");
    }

    @Test
    void aPodThatNeverComesIsForgotten() {
        events.accept(new AddressReserved("shop", "", "tok-1", WEB));
        clock.advance(Duration.ofMinutes(3));

        events.live(stored("shop", "web-late", "tok-1", "10.77.0.5"));
        events.accept(new AddressReserved("shop", "", "tok-2", WEB)); // purges what expired

        assertThat(written).isEmpty();
        assertThat(events.pending()).isEqualTo(1);
    }

    @Test
    void aFailedWriteIsCountedNotThrown() {
        ReservationEvents failing = new ReservationEvents(
                (pod, r) -> {
                    throw new IllegalStateException("events is forbidden");
                },
                Runnable::run,
                clock,
                Duration.ofMinutes(2));
        failing.accept(new AddressReserved("shop", "", "tok-1", WEB));

        failing.live(stored("shop", "web-a", "tok-1", "10.77.0.5"));

        assertThat(failing.failed()).isEqualTo(1);
        assertThat(failing.written()).isZero();
    }

    @Test
    void aBusyWorkerPoolIsAFailureNotAnError() {
        ReservationEvents rejected = new ReservationEvents(
                (pod, r) -> written.add("written"),
                task -> {
                    throw new RejectedExecutionException("shut down");
                },
                clock,
                Duration.ofMinutes(2));
        rejected.accept(new AddressReserved("shop", "", "tok-1", WEB));

        rejected.live(stored("shop", "web-a", "tok-1", "10.77.0.5"));

        assertThat(written).isEmpty();
        assertThat(rejected.failed()).isEqualTo(1);
    }

    @Test
    void nothingIsAwaitedWithoutATokenOrAName() {
        events.accept(new AddressReserved("shop", "", "", WEB));

        assertThat(events.pending()).isZero();
    }
}
