package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's module map ("## Layout") names every Maven module of the root pom, and every name in it that is not a
 * folder beside the modules ({@code hack/}, {@code manifests/}, {@code docs/}, {@code charts/}) is a module. Run from
 * test-e2e, so the repository is {@code ..}.
 */
class ModuleMapDocTest {
    private static final Path REPO = Path.of("..");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    /** A row of the layout table: its first cell is one back-quoted name. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

    @Test
    void theReadmeMapsEveryModuleAndNothingElse() {
        Set<String> modules = modules(read(REPO.resolve("pom.xml")));
        Set<String> mapped = mapped(read(REPO.resolve("README.md")));
        assertThat(missing(modules, mapped))
                .as("modules of pom.xml the README's layout does not map")
                .isEmpty();
        assertThat(missing(mapped, modules))
                .as("names in the README's layout that are no module")
                .isEmpty();
    }

    @Test
    void theScansFindKnownNames() { // positive control: both sides are read
        assertThat(modules(read(REPO.resolve("pom.xml"))))
                .contains("core", "webhook", "agent", "test-e2e")
                .hasSizeGreaterThan(10);
        assertThat(mapped(read(REPO.resolve("README.md")))).contains("core", "webhook", "agent", "test-e2e");
    }

    @Test
    void aModuleOnOneSideOnlyIsReported() { // positive control of the comparison
        Set<String> modules = modules("<modules><module>core</module><module>gone</module></modules>");
        Set<String> mapped = mapped(
                "## Layout\n\n| module | what |\n|---|---|\n| `core` | x |\n| `ghost` | y |\n| `hack/` | z |\n\n## Next\n| `later` | w |");
        assertThat(mapped).containsExactlyInAnyOrder("core", "ghost");
        assertThat(missing(modules, mapped)).containsExactly("gone");
        assertThat(missing(mapped, modules)).containsExactly("ghost");
    }

    static Set<String> modules(String pom) {
        Set<String> out = new TreeSet<>();
        Matcher m = MODULE.matcher(pom);
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    /** The names in the first column of the table under "## Layout", folders ({@code name/}) left out. */
    static Set<String> mapped(String readme) {
        int start = readme.indexOf("## Layout");
        assertThat(start).as("the README has a '## Layout' section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Set<String> out = new TreeSet<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            if (!m.group(1).endsWith("/")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    static Set<String> missing(Set<String> from, Set<String> in) {
        Set<String> out = new TreeSet<>(from);
        out.removeAll(in);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
