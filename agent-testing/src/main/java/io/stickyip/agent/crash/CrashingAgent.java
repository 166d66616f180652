package io.stickyip.agent.crash;

import io.stickyip.agent.Main;
import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.InvalidConfigException;
import io.stickyip.runtime.lifecycle.Launcher;
import io.stickyip.runtime.lifecycle.Logging;

/**
 * The node agent ({@link Main#run}) with {@link HaltingSteps}: it halts after its k-th step ({@link CrashConfig}), as
 * {@code kill -9} would, for the real-node crash tests ({@code AgentCrashE2EIT}). {@code hack/cluster} runs it
 * instead of the agent's jar when {@code STICKYIP_AGENT_CRASH_AFTER_STEPS} is set:
 * {@code java -cp stickyip-agent-testing.jar io.stickyip.agent.crash.CrashingAgent}.
 */
public final class CrashingAgent {
    /** The exit status of a process killed by SIGKILL, as a shell reports it. */
    static final int KILLED = 137;

    private CrashingAgent() {}

    public static void main(String[] args) {
        CrashConfig crash;
        try {
            crash = CrashConfig.fromEnv(Env.system());
        } catch (InvalidConfigException e) {
            System.err.println("stickyip-agent (crashing): invalid configuration: " + e.getMessage());
            System.exit(Launcher.BAD_CONFIGURATION);
            return;
        }
        Main.run(new HaltingSteps(crash.after(), crash.counted(), CrashingAgent::halt));
    }

    /** No shutdown hook, no finally: the process is gone, as after {@code kill -9} (the log flushed first, for the test's reader). */
    static void halt(int step) {
        Logging.flush();
        Runtime.getRuntime().halt(KILLED);
    }
}
