package io.stickyip.agent.netns;

import java.time.Duration;
import java.util.List;

/** Runs a command to completion within a time bound. The one place the data plane starts processes. */
public interface CommandRunner {

    /** Exit code, standard output and standard error of a finished command. */
    record Result(List<String> argv, int exit, String stdout, String stderr) {
        public boolean ok() {
            return exit == 0;
        }
    }

    /**
     * Runs {@code argv} with {@code stdin} (may be empty) and waits at most {@code timeout}.
     *
     * @throws CommandFailedException when it cannot start or does not finish in time (the process is killed)
     */
    Result run(List<String> argv, String stdin, Duration timeout);
}
