package io.stickyip.runtime.config;

import java.util.List;

/** Who this process is among its replicas (leader election, logs, events): the pod's name and the pid. */
public final class Identity {
    private Identity() {}

    /** {@code POD_NAME} (the downward API), else {@code HOSTNAME}, else {@code fallback}; then {@code -PID}. */
    public static String of(Env env, String fallback) {
        return env.firstOf(List.of("POD_NAME", "HOSTNAME"), fallback) + "-"
                + ProcessHandle.current().pid();
    }
}
