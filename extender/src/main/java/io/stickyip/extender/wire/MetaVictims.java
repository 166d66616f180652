package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * @param pods             pods to preempt, by UID
 * @param numPDBViolations how many PodDisruptionBudgets that breaks
 */
public record MetaVictims(
        @JsonProperty("Pods") List<MetaPod> pods,
        @JsonProperty("NumPDBViolations") long numPDBViolations) {}
