package io.stickyip.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stickyip.agent.work.Steps;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.kube.KubeClients;
import io.stickyip.runtime.lifecycle.Launcher;
import java.util.Optional;

/** The agent deployable: this node's agent. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        run(Steps.NONE);
    }

    /**
     * The agent, with {@code steps} told of each change it makes; {@link Steps#NONE} in production (the crash
     * tests of {@code stickyip-agent-testing} hand in one that halts the process).
     */
    public static void run(Steps steps) {
        Launcher.launch("stickyip-agent", () -> AgentConfig.fromEnv(Env.system()), config -> start(config, steps));
    }

    static AutoCloseable start(AgentConfig config, Steps steps) {
        KubernetesClient kube =
                KubeClients.connect(Optional.empty(), config.timings().api());
        return NodeAgent.start(config, kube, steps);
    }
}
