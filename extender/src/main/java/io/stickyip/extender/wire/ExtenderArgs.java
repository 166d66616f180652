package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * What kube-scheduler posts to the filter and prioritize verbs.
 *
 * @param pod       the pod being scheduled
 * @param nodes     candidate nodes, whole; sent only when the extender is not {@code nodeCacheCapable}
 * @param nodeNames candidate node names; sent only when it is
 */
public record ExtenderArgs(
        @JsonProperty("Pod") Pod pod,
        @JsonProperty("Nodes") NodeList nodes,
        @JsonProperty("NodeNames") List<String> nodeNames) {}
