package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * @param pods             pods to preempt
 * @param numPDBViolations how many PodDisruptionBudgets that breaks
 */
public record Victims(
        @JsonProperty("Pods") List<Pod> pods,
        @JsonProperty("NumPDBViolations") long numPDBViolations) {}
