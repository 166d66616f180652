package io.stickyip.runtime.pods;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import java.time.Duration;

/**
 * {@value #VARIABLE}: how long after its admission a slot whose pod never came to exist is given back. Read by
 * both deployables that judge such a slot, with one meaning: the controller's unborn collector gives it back after
 * the grace, and the webhook's live check ({@link KubeLiveCheck}) counts it as live until then.
 */
public final class UnbornGrace {
    public static final String VARIABLE = "STICKYIP_UNBORN_GRACE";
    public static final Duration DEFAULT = Duration.ofSeconds(15);
    /** Below this, a pod still on its way through the rest of the API server's admission could lose its address. */
    public static final Duration MIN = Duration.ofSeconds(5);

    public static final Duration MAX = Duration.ofMinutes(10);

    private UnbornGrace() {}

    public static Duration fromEnv(Env env) {
        Duration grace = env.duration(VARIABLE, DEFAULT);
        if (grace.compareTo(MIN) < 0 || grace.compareTo(MAX) > 0) {
            throw InvalidConfigException.of(
                    VARIABLE,
                    env.string(VARIABLE, ""),
                    "must be between 5s and 10m: longer than a pod takes through the rest of the admission chain, "
                            + "short enough that refused creates do not drain a pool");
        }
        return grace;
    }
}
