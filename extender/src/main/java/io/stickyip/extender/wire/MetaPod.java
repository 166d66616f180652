package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** @param uid a pod's UID */
public record MetaPod(@JsonProperty("UID") String uid) {}
