package io.stickyip.bench;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command line of a benchmark that takes one optional argument, its measured rounds ({@code [ROUNDS]}): usage with
 * {@code -h}, exit 2 naming a value that is not a whole number of 1 or more, exit 1 when the run failed.
 */
public final class Rounds {
    /** One run of the benchmark with its rounds. */
    @FunctionalInterface
    public interface Run {
        void run(int rounds) throws Exception;
    }

    private Rounds() {}

    /** The exit code of {@code run} under {@code args} (for tests; {@link #main} exits with it). */
    public static int execute(String name, int defaultRounds, Run run, String... args) {
        CommandSpec spec = CommandSpec.create().name(name).mixinStandardHelpOptions(true);
        spec.addPositional(PositionalParamSpec.builder()
                .index("0")
                .arity("0..1")
                .type(int.class)
                .paramLabel("ROUNDS")
                .defaultValue(Integer.toString(defaultRounds))
                .description("measured rounds (default ${DEFAULT-VALUE})")
                .build());
        CommandLine line = new CommandLine(spec);
        line.setExecutionStrategy(parsed -> {
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            int rounds = parsed.matchedPositionalValue(0, defaultRounds);
            if (rounds < 1) {
                throw new ParameterException(line, "ROUNDS: " + rounds + " is not 1 or more");
            }
            try {
                run.run(rounds);
            } catch (Exception e) {
                throw new CommandLine.ExecutionException(line, name + " failed: " + e, e);
            }
            return 0;
        });
        return line.execute(args);
    }

    public static void main(String name, int defaultRounds, Run run, String... args) {
        System.exit(execute(name, defaultRounds, run, args));
    }
}
