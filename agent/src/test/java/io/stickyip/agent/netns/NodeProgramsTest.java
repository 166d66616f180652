package io.stickyip.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing the agent runs may come from outside hack/packages.txt, the one list every entry point
 * installs (the demo once failed on a fresh machine: arping was installed only by hack/test).
 */
class NodeProgramsTest {
    private static final Path PACKAGES = Path.of("..", "hack", "packages.txt");
    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    /** Where the agent's code names the program of a command it builds. */
    private static final Pattern PROGRAM = Pattern.compile(
            "(?:exec(?:OrThrow)?\\(|return List\\.of\\(|add\\(List\\.of\\(|new ArrayList<>\\(List\\.of\\(|new Command\\([^,]+, List\\.of\\()\"([a-z0-9]+)\"");

    @Test
    void everyProgramTheAgentRunsComesFromAPackageOnTheList() {
        assertThat(unlisted(NodePrograms.ALL, programsByPackage(PACKAGES))).isEmpty();
    }

    @Test
    void aProgramWhosePackageIsMissingFromTheListIsNamed() { // positive control of the check above
        Map<String, String> withoutArping = new HashMap<>(programsByPackage(PACKAGES));
        withoutArping.remove("arping");
        assertThat(unlisted(NodePrograms.ALL, withoutArping)).containsExactly("arping");
    }

    @Test
    void everyProgramNamedInTheAgentsSourcesIsOnItsAllowList() {
        Set<String> named = programsNamedIn(MAIN_SOURCES);
        assertThat(named)
                .as("the scan finds the programs the data plane is known to run")
                .contains("ip", "nsenter", "sysctl", "arping", "na6");
        assertThat(named).isSubsetOf(NodePrograms.ALL);
    }

    @Test
    void theRunnerRefusesAProgramOffTheListAlsoInsideNsenter() {
        ProcessRunner runner = new ProcessRunner();
        assertThatThrownBy(() -> runner.run(List.of("curl", "http://127.0.0.1/"), "", Duration.ofSeconds(2)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("curl is not one of the programs");
        assertThatThrownBy(
                        () -> runner.run(List.of("nsenter", "--net=/proc/1/ns/net", "curl"), "", Duration.ofSeconds(2)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("curl is not one of the programs");
    }

    @Test
    void theRunnerRunsAProgramOnTheList() { // positive control: the refusal above is about the program
        CommandRunner.Result r = new ProcessRunner().run(List.of("ip", "-V"), "", Duration.ofSeconds(5));
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).contains("iproute2");
    }

    @Test
    void nsenterIsCheckedForTheProgramItRuns() {
        assertThat(NodePrograms.stranger(List.of("nsenter", "--net=/x", "ip", "link")))
                .isEmpty();
        assertThat(NodePrograms.stranger(List.of("nsenter", "--net=/x", "sh", "-c", "x")))
                .contains("sh");
        assertThat(NodePrograms.stranger(List.of())).isPresent();
    }

    /** Program → package, from the list's first two columns. */
    static Map<String, String> programsByPackage(Path list) {
        Map<String, String> out = new HashMap<>();
        for (String line : read(list)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\\|");
            assertThat(cols).as("package | programs | needed by: %s", line).hasSize(3);
            String pkg = cols[0].trim().split("\\s+")[0];
            Arrays.stream(cols[1].trim().split("\\s+"))
                    .filter(p -> !p.equals("-"))
                    .forEach(p -> out.put(p, pkg));
        }
        return out;
    }

    static List<String> unlisted(Set<String> programs, Map<String, String> listed) {
        return programs.stream().filter(p -> !listed.containsKey(p)).sorted().toList();
    }

    private static Set<String> programsNamedIn(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        Matcher m = PROGRAM.matcher(String.join("\n", read(f)));
                        return m.results().map(r -> r.group(1));
                    })
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
