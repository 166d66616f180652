package io.stickyip.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What {@code helm template} renders for each value set is the committed snapshot
 * (src/test/resources/snapshots/NAME.yaml); a change shows as a line diff. After changing the chart on purpose:
 *
 * <pre>
 * hack/mvn -o test -pl chart -Dtest=ChartSnapshotTest -Dstickyip.chart.updateSnapshots=true \
 *   -Dstickyip.helm.binary=$(hack/build-tools path helm)
 * </pre>
 *
 * then review {@code git diff chart/src/test/resources/snapshots} and commit it.
 */
class ChartSnapshotTest {
    static final List<String> NAMES = ValueSets.NAMES;

    @ParameterizedTest(name = "{0}")
    @FieldSource("NAMES")
    void rendersTheSnapshot(String name) throws IOException {
        Helm.Result rendered = Helm.template("--values", ValueSets.file(name).toString());
        assertThat(rendered.ok()).as(rendered.describe()).isTrue();
        Path snapshot = ValueSets.snapshot(name);
        if (Boolean.getBoolean("stickyip.chart.updateSnapshots")) {
            Files.writeString(snapshot, rendered.stdout());
            return;
        }
        assertThat(snapshot)
                .as("snapshot %s is missing: run with -Dstickyip.chart.updateSnapshots=true", snapshot)
                .exists();
        String diff = LineDiff.of(Files.readString(snapshot), rendered.stdout());
        assertThat(diff)
                .as(
                        "helm template with values/%s.yaml differs from snapshots/%s.yaml (- snapshot, + now); if the"
                                + " change is meant, run with -Dstickyip.chart.updateSnapshots=true and commit the"
                                + " snapshot",
                        name, name)
                .isEmpty();
    }

    @Test
    void theValueSetsRenderDifferently() { // positive control: the values files reach the templates
        String defaults = Helm.template().stdout();
        for (String name : NAMES.subList(1, NAMES.size())) {
            String other =
                    Helm.template("--values", ValueSets.file(name).toString()).stdout();
            assertThat(LineDiff.of(defaults, other)).as(name).isNotEmpty();
        }
    }

    @Test
    void theDiffNamesTheChangedLine() { // positive control of the comparison
        String diff = LineDiff.of("a\nb\nc\nd\n", "a\nb\nX\nd\n");
        assertThat(diff).isEqualTo("@@ line 1 @@\n a\n b\n-c\n+X\n d\n");
        assertThat(LineDiff.of("a\n", "a\n")).isEmpty();
    }
}
