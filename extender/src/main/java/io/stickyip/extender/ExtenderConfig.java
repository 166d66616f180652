package io.stickyip.extender;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.ServerConfig;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.LogFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extender's configuration from environment variables, with runtime's {@link Env}: checked at
 * start-up (a bad value exits with code 2 naming it), defaults as named constants.
 *
 * @param server         listen address and port; HTTPS when {@code STICKYIP_CERT_DIR} is set, else plain HTTP
 * @param leaseNamespace where the agents' Leases are ({@code STICKYIP_AGENT_LEASE_NAMESPACE}, then {@code POD_NAMESPACE})
 * @param logFormat      text or JSON logs
 */
public record ExtenderConfig(ServerConfig server, String leaseNamespace, LogFormat logFormat)
        implements Launcher.LaunchConfig {
    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_LEASE_NAMESPACE = "stickyip-system";

    public static ExtenderConfig fromEnv(Env env) {
        return new ExtenderConfig(
                ServerConfig.fromEnv(env, ServerConfig.Defaults.httpUnlessCertDir(DEFAULT_PORT)),
                env.firstOf(List.of("STICKYIP_AGENT_LEASE_NAMESPACE", "POD_NAMESPACE"), DEFAULT_LEASE_NAMESPACE),
                env.oneOf("STICKYIP_LOG_FORMAT", LogFormat.TEXT));
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(server.describe());
        m.put("agentLeaseNamespace", leaseNamespace);
        m.put("logFormat", logFormat);
        return m;
    }
}
