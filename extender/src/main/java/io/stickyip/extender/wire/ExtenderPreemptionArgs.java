package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * The preempt verb's request (stickyip configures no preempt verb; the type is here for completeness).
 *
 * @param pod                   the pod being scheduled
 * @param nodeNameToVictims     whole victim pods per node (when not {@code nodeCacheCapable})
 * @param nodeNameToMetaVictims victim pod UIDs per node (when {@code nodeCacheCapable})
 */
public record ExtenderPreemptionArgs(
        @JsonProperty("Pod") Pod pod,
        @JsonProperty("NodeNameToVictims") Map<String, Victims> nodeNameToVictims,
        @JsonProperty("NodeNameToMetaVictims") Map<String, MetaVictims> nodeNameToMetaVictims) {}
