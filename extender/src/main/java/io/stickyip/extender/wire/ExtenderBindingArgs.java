package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The bind verb's request (stickyip configures no bind verb; the type is here for completeness).
 *
 * @param podName      the pod's name
 * @param podNamespace its namespace
 * @param podUID       its UID
 * @param node         the node the scheduler chose
 */
public record ExtenderBindingArgs(
        @JsonProperty("PodName") String podName,
        @JsonProperty("PodNamespace") String podNamespace,
        @JsonProperty("PodUID") String podUID,
        @JsonProperty("Node") String node) {}
