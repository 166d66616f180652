package io.stickyip.webhook.admission;

import java.time.Duration;

/**
 * Where an admission's time goes, phase by phase: {@code slot} (the workload's slot read and
 * taken in the store, lost races included) and {@code reserve} (the slot's addresses planned and
 * claimed). The webhook's metrics record them as {@code stickyip_admission_phase_seconds}.
 */
@FunctionalInterface
public interface AdmissionPhases {
    AdmissionPhases NONE = (phase, took) -> {};

    void phase(String phase, Duration took);
}
