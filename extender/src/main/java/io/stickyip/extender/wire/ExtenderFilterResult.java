package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.NodeList;
import java.util.List;
import java.util.Map;

/**
 * The filter verb's answer. A non-empty {@code error} fails the whole scheduling attempt; nodes in
 * {@code failedAndUnresolvableNodes} are ones preemption cannot help.
 *
 * @param nodes                      passing nodes, whole (when not {@code nodeCacheCapable})
 * @param nodeNames                  passing node names (when {@code nodeCacheCapable})
 * @param failedNodes                node name to reason
 * @param failedAndUnresolvableNodes node name to reason, for reasons preemption cannot cure
 * @param error                      why the call as a whole failed; empty when it did not
 */
public record ExtenderFilterResult(
        @JsonProperty("Nodes") NodeList nodes,
        @JsonProperty("NodeNames") List<String> nodeNames,
        @JsonProperty("FailedNodes") Map<String, String> failedNodes,
        @JsonProperty("FailedAndUnresolvableNodes") Map<String, String> failedAndUnresolvableNodes,
        @JsonProperty("Error") String error) {

    /** The whole call failed, as kube-scheduler's own {@code ExtenderFilterResult{Error: ...}} reads. */
    public static ExtenderFilterResult failure(String error) {
        return new ExtenderFilterResult(null, null, null, null, error);
    }
}
