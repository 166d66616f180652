package io.stickyip.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One node's score from the prioritize verb; the verb answers a {@code HostPriorityList}, a JSON
 * array of these. Scores are {@link #MIN_SCORE}..{@link #MAX_SCORE} (upstream's
 * {@code MinExtenderPriority}, {@code MaxExtenderPriority}); the scheduler multiplies them by the
 * extender's weight.
 *
 * @param host  the node's name
 * @param score its score
 */
public record HostPriority(
        @JsonProperty("Host") String host,
        @JsonProperty("Score") long score) {
    public static final long MIN_SCORE = 0;
    public static final long MAX_SCORE = 10;
}
