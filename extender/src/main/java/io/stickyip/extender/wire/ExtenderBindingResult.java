package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** @param error why binding failed; empty when it did not */
public record ExtenderBindingResult(@JsonProperty("Error") String error) {}
