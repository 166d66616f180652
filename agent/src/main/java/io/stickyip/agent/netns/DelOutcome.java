package io.stickyip.agent.netns;

import java.util.List;

/** What DEL did. A missing device or namespace is not an error: it is what DEL wants. */
public sealed interface DelOutcome {
    record Removed(int removed, int alreadyGone) implements DelOutcome {}

    /** Some steps could not be removed, or were still read back afterwards. */
    record Failed(List<String> problems) implements DelOutcome {}
}
