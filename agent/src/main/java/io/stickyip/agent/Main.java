package io.stickyip.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.agent.standin.StandInAgent;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.lifecycle.Launcher;

import java.util.Optional;

/** The agent deployable: a node's agent, or the stand-in for KWOK nodes (STICKYIP_AGENT_MODE). */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        Launcher.launch("stickyip-agent", () -> AgentConfig.fromEnv(Env.system()), Main::start);
    }

    static AutoCloseable start(AgentConfig config) {
        KubernetesClient kube = KubeClients.connect(Optional.empty(), config.timings().api());
        return switch (config.mode()) {
            case NODE -> NodeAgent.start(config, kube);
            case STAND_IN -> StandInAgent.start(config, kube);
        };
    }
}
