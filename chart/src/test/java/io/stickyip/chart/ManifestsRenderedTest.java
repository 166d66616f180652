package io.stickyip.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * manifests/ (crds, rbac, deploy and kustomization.yaml) is what {@code hack/render-manifests} renders from the chart
 * now: the script renders into a temporary directory, and every file must equal the committed one. A stale manifest
 * fails with a line diff; the fix is {@code hack/render-manifests} and a commit.
 */
class ManifestsRenderedTest {
    static final String RENDERED = "# Rendered from charts/stickyip by hack/render-manifests";
    static final String SOURCE = "# Source: stickyip/templates/";

    @TempDir
    static Path out;

    static Set<String> rendered;

    @BeforeAll
    static void render() throws IOException {
        Helm.Result run = Helm.exec(
                List.of(Helm.repo().resolve("hack/render-manifests").toString(), "--out", out.toString()),
                Map.of("HELM", Helm.binary().toString()));
        assertThat(run.ok()).as(run.describe()).isTrue();
        rendered = files(out);
    }

    @Test
    void everyRenderedManifestIsTheCommittedOne() throws IOException {
        assertThat(rendered)
                .contains("kustomization.yaml", "deploy/20-webhook.yaml", "crds/ippools.stickyip.io-v1.yml");
        StringBuilder stale = new StringBuilder();
        for (String file : rendered) {
            Path committed = manifests().resolve(file);
            String now = Files.readString(out.resolve(file));
            if (!Files.exists(committed)) {
                stale.append("manifests/").append(file).append(" is missing\n");
                continue;
            }
            String diff = LineDiff.of(Files.readString(committed), now);
            if (!diff.isEmpty()) {
                stale.append("manifests/")
                        .append(file)
                        .append(" (- committed, + rendered):\n")
                        .append(diff);
            }
        }
        assertThat(stale.toString())
                .as("manifests/ is stale against charts/stickyip: run hack/render-manifests and commit")
                .isEmpty();
    }

    @Test
    void noRenderedManifestIsLeftOverFromAnOldChart() throws IOException {
        Set<String> committed = new TreeSet<>();
        for (String file : files(manifests())) {
            if (Files.readString(manifests().resolve(file)).startsWith(RENDERED)) {
                committed.add(file);
            }
        }
        assertThat(committed)
                .as("manifests/ files marked rendered that the chart no longer renders (run hack/render-manifests)")
                .isEqualTo(rendered);
    }

    @Test
    void everyDocumentHelmRendersIsInItsFile() throws IOException { // the script's split loses nothing
        Helm.Result helm = Helm.template("--set", "namespace.create=true");
        assertThat(helm.ok()).as(helm.describe()).isTrue();
        Map<String, Integer> expected = new TreeMap<>();
        for (String line : helm.stdout().lines().toList()) {
            if (line.startsWith(SOURCE)) {
                expected.merge(line.substring(SOURCE.length()), 1, Integer::sum);
            }
        }
        assertThat(expected).hasSizeGreaterThan(10);
        Map<String, Integer> written = new TreeMap<>();
        for (String file : expected.keySet()) {
            written.put(file, documents(Files.readString(out.resolve(file))));
        }
        assertThat(written).isEqualTo(expected);
        for (String file : rendered) {
            if (!file.equals("kustomization.yaml")) {
                assertThat(documents(Files.readString(out.resolve(file))))
                        .as(file)
                        .isPositive();
            }
        }
    }

    /** Documents of a manifest: its top-level {@code kind:} lines. */
    static int documents(String manifest) {
        return (int) manifest.lines().filter(l -> l.startsWith("kind: ")).count();
    }

    @Test
    void handWrittenManifestsStayHandWritten() throws IOException { // the script leaves them alone
        assertThat(rendered).doesNotContain("rbac/agent-stand-in.yaml");
        assertThat(Files.readString(manifests().resolve("rbac/agent-stand-in.yaml")))
                .doesNotStartWith(RENDERED);
    }

    static Path manifests() {
        return Helm.repo().resolve("manifests");
    }

    /** The files of crds/, rbac/, deploy/ and kustomization.yaml under root, relative to it. */
    static Set<String> files(Path root) throws IOException {
        Set<String> out = new TreeSet<>();
        if (Files.exists(root.resolve("kustomization.yaml"))) {
            out.add("kustomization.yaml");
        }
        for (String dir : List.of("crds", "rbac", "deploy")) {
            if (!Files.isDirectory(root.resolve(dir))) {
                continue;
            }
            try (Stream<Path> s = Files.list(root.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .forEach(p -> out.add(dir + "/" + p.getFileName()));
            }
        }
        return out;
    }
}
