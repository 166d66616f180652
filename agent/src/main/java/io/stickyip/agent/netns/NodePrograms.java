package io.stickyip.agent.netns;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The programs the agent runs, and nothing else: each comes from a Debian package of
 * {@code hack/packages.txt} (the one list every entry point installs; NodeProgramsTest checks the
 * two agree), so a program that a fresh node lacks cannot slip in unnoticed.
 */
public final class NodePrograms {
    private NodePrograms() {}

    /** iproute2, util-linux, procps, arping, ipv6toolkit. */
    public static final Set<String> ALL = Set.of("ip", "nsenter", "sysctl", "arping", "na6");

    /**
     * The first program of {@code argv} that is not on the list, if any: {@code argv[0]}, and for
     * {@code nsenter} also the program it runs (the first argument after its options).
     */
    public static Optional<String> stranger(List<String> argv) {
        if (argv.isEmpty()) {
            return Optional.of("(empty command)");
        }
        String program = argv.get(0);
        if (!ALL.contains(program)) {
            return Optional.of(program);
        }
        if (program.equals("nsenter")) {
            return argv.stream()
                    .skip(1)
                    .filter(a -> !a.startsWith("-"))
                    .findFirst()
                    .flatMap(inner -> ALL.contains(inner) ? Optional.empty() : Optional.of(inner));
        }
        return Optional.empty();
    }
}
