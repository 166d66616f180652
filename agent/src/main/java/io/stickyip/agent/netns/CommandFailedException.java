package io.stickyip.agent.netns;

import java.util.List;

/** A command that failed, did not finish in time, or could not start: the command and its stderr are in the message. */
public class CommandFailedException extends RuntimeException {
    private final List<String> argv;
    private final String stderr;

    public CommandFailedException(List<String> argv, String reason, String stderr, Throwable cause) {
        super(String.join(" ", argv) + ": " + reason + (stderr.isBlank() ? "" : ": " + stderr.strip()), cause);
        this.argv = List.copyOf(argv);
        this.stderr = stderr;
    }

    public static CommandFailedException of(CommandRunner.Result r) {
        return new CommandFailedException(r.argv(), "exit " + r.exit(), r.stderr(), null);
    }

    public List<String> argv() {
        return argv;
    }

    public String stderr() {
        return stderr;
    }
}
