package io.stickyip.agent.netns;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A {@link CommandRunner} that reports every command that changes something once it has run (reads are not steps). */
public final class CountingRunner implements CommandRunner {
    private final CommandRunner runner;
    private final Consumer<String> step;

    public CountingRunner(CommandRunner runner, Consumer<String> step) {
        this.runner = runner;
        this.step = step;
    }

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) {
        Result r = runner.run(argv, stdin, timeout);
        if (!isRead(argv)) {
            step.accept(String.join(" ", argv));
        }
        return r;
    }

    /** {@code ip -json ... -batch} (the read-back) and {@code sysctl -n} change nothing. */
    static boolean isRead(List<String> argv) {
        return argv.contains("-json") || (argv.contains("sysctl") && argv.contains("-n"));
    }
}
