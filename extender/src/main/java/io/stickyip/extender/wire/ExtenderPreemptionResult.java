package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** @param nodeNameToMetaVictims the victims the extender agrees to, per node */
public record ExtenderPreemptionResult(
        @JsonProperty("NodeNameToMetaVictims") Map<String, MetaVictims> nodeNameToMetaVictims) {}
