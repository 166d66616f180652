package io.stickyip.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Runs a benchmark's picocli command and exits with its code: 0 when it measured, 2 with the usage and a message naming
 * the bad value when the command line is wrong, 1 with the stack trace when the run failed.
 */
public final class Bench {
    private Bench() {}

    /** The exit code of {@code command} run with {@code args} (for tests; {@link #main} exits with it). */
    public static int run(Callable<Integer> command, String... args) {
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    public static void main(Callable<Integer> command, String... args) {
        System.exit(run(command, args));
    }
}
