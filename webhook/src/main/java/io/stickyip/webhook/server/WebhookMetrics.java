package io.stickyip.webhook.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/** Prometheus metrics of the webhook ({@code /metrics}). */
public final class WebhookMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public PrometheusMeterRegistry registry() {
        return registry;
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

    public String scrape() {
        return registry.scrape();
    }
}
