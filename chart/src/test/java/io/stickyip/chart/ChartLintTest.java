package io.stickyip.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** {@code helm lint --strict} passes on the chart with its defaults and with each value set of the snapshots. */
class ChartLintTest {
    static final List<String> NAMES = ValueSets.NAMES;

    @ParameterizedTest(name = "{0}")
    @FieldSource("NAMES")
    void lintsClean(String name) {
        Helm.Result lint = Helm.lint("--values", ValueSets.file(name).toString());
        assertThat(lint.ok()).as(lint.describe()).isTrue();
        assertThat(lint.stdout()).as(lint.describe()).contains("1 chart(s) linted, 0 chart(s) failed");
        assertThat(lint.stdout() + lint.stderr()).as(lint.describe()).doesNotContain("[ERROR]", "[WARNING]");
    }

    @Test
    void lintFailsOnABadValue() { // positive control: lint reads the values and the schema
        Helm.Result lint = Helm.lint("--set", "webhook.replicas=0");
        assertThat(lint.ok()).as(lint.describe()).isFalse();
        assertThat(lint.stdout() + lint.stderr()).as(lint.describe()).contains("replicas");
    }
}
