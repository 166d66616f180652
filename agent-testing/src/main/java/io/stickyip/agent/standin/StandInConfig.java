package io.stickyip.agent.standin;

import io.stickyip.agent.AgentConfig;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.LogFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's settings: the node agent's ({@link AgentConfig}, read the same way, with no node of its own) and
 * the label of the nodes it serves. Of the agent's, the node-side ones (node name, CRI socket, LAN interface, the
 * cluster's ranges, the command and CRI bounds, the sweep) are read but unused.
 *
 * @param agent        the node agent's settings it shares: Lease namespace, holder, fence, heartbeat, capacity,
 *                     timings, ops server, log format, cloud side, seal keys
 * @param nodeSelector the label {@code key=value} of the nodes it serves ({@code STICKYIP_STANDIN_NODE_SELECTOR})
 */
public record StandInConfig(AgentConfig agent, String nodeSelector) implements Launcher.LaunchConfig {
    public static final String DEFAULT_NODE_SELECTOR = "type=kwok";
    /** What the stand-in has no use for, left out of its start-up line. */
    private static final List<String> NODE_SIDE = List.of("node", "criSocket", "lanInterface", "keepOnEth0");

    public static StandInConfig fromEnv(Env env) {
        String s = env.string("STICKYIP_STANDIN_NODE_SELECTOR", DEFAULT_NODE_SELECTOR);
        if (!s.matches("[A-Za-z0-9./_-]+=[A-Za-z0-9._-]*")) {
            throw InvalidConfigException.of("STICKYIP_STANDIN_NODE_SELECTOR", s, "is not one label key=value");
        }
        return new StandInConfig(AgentConfig.fromEnv(env, ""), s);
    }

    /** The served nodes' label, split. */
    public Map.Entry<String, String> label() {
        int eq = nodeSelector.indexOf('=');
        return Map.entry(nodeSelector.substring(0, eq), nodeSelector.substring(eq + 1));
    }

    @Override
    public LogFormat logFormat() {
        return agent.logFormat();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(agent.describe());
        NODE_SIDE.forEach(m::remove);
        m.put("standInNodes", nodeSelector);
        return m;
    }
}
