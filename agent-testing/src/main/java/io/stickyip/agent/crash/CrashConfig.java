package io.stickyip.agent.crash;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When the crashing agent halts: after its {@code STICKYIP_AGENT_CRASH_AFTER_STEPS}-th step, counting every step or
 * only those whose description {@code STICKYIP_AGENT_CRASH_STEPS_MATCHING} finds something in (a Java regular
 * expression over the step: the iproute2 command line, {@code lease write} or {@code condition}).
 *
 * @param after   the step after which it halts, 1 to 1000000
 * @param counted the steps that count
 */
record CrashConfig(int after, Pattern counted) {
    static final Pattern EVERY_STEP = Pattern.compile("");

    static CrashConfig fromEnv(Env env) {
        if (!env.isSet("STICKYIP_AGENT_CRASH_AFTER_STEPS")) {
            throw InvalidConfigException.of(
                    "STICKYIP_AGENT_CRASH_AFTER_STEPS",
                    "(none)",
                    "is required by the crashing agent" + " (without it, run stickyip-agent.jar)");
        }
        int after = env.integer("STICKYIP_AGENT_CRASH_AFTER_STEPS", 0, 1, 1_000_000);
        String matching = env.string("STICKYIP_AGENT_CRASH_STEPS_MATCHING", "");
        try {
            return new CrashConfig(after, matching.isEmpty() ? EVERY_STEP : Pattern.compile(matching));
        } catch (PatternSyntaxException e) {
            throw InvalidConfigException.of(
                    "STICKYIP_AGENT_CRASH_STEPS_MATCHING",
                    matching,
                    "is not a regular expression (" + e.getDescription() + ")");
        }
    }
}
