package io.stickyip.webhook.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stickyip.webhook.admission.AdmissionPhases;
import io.stickyip.webhook.events.ReservationEvents;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The webhook's admission meters, on the process's registry (runtime's {@code Metrics}, scraped at {@code /metrics}). */
public final class WebhookMetrics implements AdmissionPhases {
    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One admission answered: endpoint (mutate/validate), the review's group and kind (counted as one of
     * {@link MeteredKind}: pod, deployment, statefulset, ippool, other), result
     * (allowed/patched/denied/error/bad_request). Endpoint and result are the webhook's own words.
     */
    public void admission(String endpoint, String group, String kind, String result, Duration latency) {
        Counter.builder("stickyip_admission_requests_total")
                .description("Admission requests answered")
                .tag("endpoint", endpoint)
                .tag("kind", MeteredKind.of(group, kind).label())
                .tag("result", result)
                .register(registry)
                .increment();
        Timer.builder("stickyip_admission_duration_seconds")
                .description("Admission latency")
                .tag("endpoint", endpoint)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    /** One phase of a pod admission (slot, reserve): where the admission's time went. */
    @Override
    public void phase(String phase, Duration took) {
        Timer.builder("stickyip_admission_phase_seconds")
                .description("Time of one phase of a pod admission")
                .tag("phase", phase)
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }

    /** The AddressReserved Events: written, failed (logged), dropped (too many waiting for their pods). */
    public void events(ReservationEvents events) {
        FunctionCounter.builder("stickyip_events_written_total", events, ReservationEvents::written)
                .description("AddressReserved Events written on admitted pods")
                .register(registry);
        FunctionCounter.builder("stickyip_events_failed_total", events, ReservationEvents::failed)
                .description("AddressReserved Events whose write failed (the admission was not affected)")
                .register(registry);
        FunctionCounter.builder("stickyip_events_dropped_total", events, ReservationEvents::dropped)
                .description("AddressReserved Events not awaited: too many were waiting for their pods")
                .register(registry);
    }

    /** Counts what {@code lostRaces} reads (slot takes lost to another admission) as {@code stickyip_slot_races_lost_total}. */
    public void slotRaces(LongSupplier lostRaces) {
        FunctionCounter.builder("stickyip_slot_races_lost_total", lostRaces, LongSupplier::getAsLong)
                .description("Slot takes an admission lost to another (it then re-decides from a fresh read)")
                .register(registry);
    }
}
