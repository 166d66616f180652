package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every {@code STICKYIP_*} variable the deployables read, and only those: each
 * string literal naming one in the main code of the modules is looked for in the page, and each name in the
 * page in the code. Run from test-e2e, so the repository is {@code ..}.
 */
class ConfigurationDocTest {
    private static final Path REPO = Path.of("..");
    private static final Path DOC = REPO.resolve("docs/configuration.md");
    /** The deployables' modules, and the agent's test support (the stand-in and the crashing agent read variables too). */
    private static final Set<String> MODULES = Set.of(
            "core",
            "runtime",
            "aws",
            "store",
            "webhook",
            "controller",
            "extender",
            "agent",
            "agent-testing",
            "certs",
            "certs-cli");
    /** A whole string literal that is a variable's name; one ending in {@code _} is a prefix, not a name. */
    private static final Pattern LITERAL = Pattern.compile("\"(STICKYIP_[A-Z0-9_]*[A-Z0-9])\"");
    /** A name in the page; {@code STICKYIP_AWS_*} in prose matches {@code STICKYIP_AWS_} and is dropped the same way. */
    private static final Pattern NAME = Pattern.compile("STICKYIP_[A-Z0-9_]+");
    /**
     * Literals the code builds on rather than reads, each with where: a whole name only to the pattern, so
     * named here. Each must stay a proper prefix of a variable read (checked), so it cannot hide one.
     */
    private static final Map<String, String> PREFIXES_IN_CODE = Map.of(
            "STICKYIP_POD",
            "AgentConfig.keepOnEth0: key.startsWith(\"STICKYIP_POD\") picks the default of STICKYIP_POD_CIDRS");

    @Test
    void everyVariableTheCodeReadsIsDocumentedAndNoOther() {
        Set<String> code = readByCode();
        Set<String> doc = documented(read(DOC));
        assertThat(missing(code, doc))
                .as("variables the code reads that docs/configuration.md does not list")
                .isEmpty();
        assertThat(missing(doc, code))
                .as("variables docs/configuration.md lists that no code reads")
                .isEmpty();
    }

    @Test
    void theScansFindKnownNames() { // positive control: the scans see what is there
        Set<String> code = readByCode();
        assertThat(code)
                .contains(
                        "STICKYIP_PORT",
                        "STICKYIP_ETCD_ENDPOINTS",
                        "STICKYIP_AWS_REGION",
                        "STICKYIP_AGENT_CRASH_AFTER_STEPS")
                .doesNotContain("STICKYIP_AWS_", "STICKYIP_POD")
                .hasSizeGreaterThan(60);
        assertThat(documented(read(DOC))).contains("STICKYIP_PORT", "STICKYIP_ETCD_ENDPOINTS");
    }

    @Test
    void aNameOnOneSideOnlyIsReported() { // positive control of the comparison
        Set<String> code = Set.of("STICKYIP_PORT", "STICKYIP_MADE_UP");
        Set<String> doc = documented(
                "| `STICKYIP_PORT` | `8443` | port; see `STICKYIP_AWS_*` |\n| `STICKYIP_ALSO_MADE_UP` | | |");
        assertThat(doc).containsExactlyInAnyOrder("STICKYIP_PORT", "STICKYIP_ALSO_MADE_UP");
        assertThat(missing(code, doc)).containsExactly("STICKYIP_MADE_UP");
        assertThat(missing(doc, code)).containsExactly("STICKYIP_ALSO_MADE_UP");
    }

    @Test
    void thePrefixesSkippedArePrefixesOfVariablesRead() {
        Set<String> code = readByCode();
        for (String prefix : PREFIXES_IN_CODE.keySet()) {
            assertThat(code)
                    .as("%s (%s) still starts a variable's name", prefix, PREFIXES_IN_CODE.get(prefix))
                    .anyMatch(v -> v.startsWith(prefix + "_"));
        }
    }

    private static Set<String> missing(Set<String> from, Set<String> in) {
        Set<String> out = new TreeSet<>(from);
        out.removeAll(in);
        return out;
    }

    private static Set<String> readByCode() {
        Set<String> out = new TreeSet<>();
        for (String module : MODULES) {
            Path dir = REPO.resolve(module).resolve("src/main/java");
            assertThat(dir).as("module sources").isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = LITERAL.matcher(read(f));
                    while (m.find()) {
                        out.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.removeAll(PREFIXES_IN_CODE.keySet());
        return out;
    }

    private static Set<String> documented(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            if (!m.group().endsWith("_")) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
