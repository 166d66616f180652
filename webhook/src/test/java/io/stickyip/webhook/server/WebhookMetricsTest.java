package io.stickyip.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The admission meters' labels come from a fixed set, whatever the requests carry. */
class WebhookMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WebhookMetrics metrics = new WebhookMetrics(registry);

    long series(String name) {
        return registry.getMeters().stream()
                .map(Meter::getId)
                .filter(id -> id.getName().equals(name))
                .count();
    }

    @Test
    void requestsWithManyOddKindsMintABoundedNumberOfSeries() {
        for (int i = 0; i < 300; i++) {
            metrics.admission("validate", "odd.example", "Kind" + UUID.randomUUID(), "denied", Duration.ofMillis(1));
        }

        assertThat(series("stickyip_admission_requests_total")).isEqualTo(1);
        assertThat(registry.get("stickyip_admission_requests_total")
                        .tag("kind", "other")
                        .counter()
                        .count())
                .isEqualTo(300);
    }

    @Test
    void theKindsStickyipServesHaveTheirOwnSeries() {
        metrics.admission("mutate", "", "Pod", "patched", Duration.ofMillis(1));
        metrics.admission("validate", "apps", "Deployment", "allowed", Duration.ofMillis(1));
        metrics.admission("validate", "apps", "StatefulSet", "allowed", Duration.ofMillis(1));
        metrics.admission("validate", "stickyip.io", "IPPool", "denied", Duration.ofMillis(1));
        metrics.admission("mutate", "evil.example", "Pod", "denied", Duration.ofMillis(1));

        assertThat(registry.get("stickyip_admission_requests_total")
                        .tag("kind", "pod")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("stickyip_admission_requests_total")
                        .tag("kind", "deployment")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("stickyip_admission_requests_total")
                        .tag("kind", "statefulset")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("stickyip_admission_requests_total")
                        .tag("kind", "ippool")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("stickyip_admission_requests_total")
                        .tag("kind", "other")
                        .counter()
                        .count())
                .as("a Pod of another group is no Pod")
                .isEqualTo(1);
    }
}
