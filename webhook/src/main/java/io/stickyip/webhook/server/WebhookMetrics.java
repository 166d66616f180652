package io.stickyip.webhook.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The webhook's admission meters, on the process's registry (runtime's {@code Metrics}, scraped at {@code /metrics}). */
public final class WebhookMetrics {
    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One admission answered: endpoint (mutate/validate), kind, result (allowed/patched/denied/error/bad_request). */
    public void admission(String endpoint, String kind, String result, Duration latency) {
        Counter.builder("stickyip_admission_requests_total").description("Admission requests answered")
                .tag("endpoint", endpoint).tag("kind", kind).tag("result", result)
                .register(registry).increment();
        Timer.builder("stickyip_admission_duration_seconds").description("Admission latency")
                .tag("endpoint", endpoint).publishPercentileHistogram()
                .register(registry).record(latency);
    }
}
