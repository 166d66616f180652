package io.stickyip.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The IPPool CRD in the chart: the one the core build generates (charts/stickyip/files/crds, which IPPoolCrdTest
 * keeps equal to the generated one) with the chart's labels, kept on uninstall while {@code crds.keep} is true.
 */
class ChartCrdTest {
    static final String TEMPLATE = "templates/crds/ippools.stickyip.io-v1.yml";
    static final String KEEP = "helm.sh/resource-policy: keep";

    static String crd(String... set) {
        String[] args = new String[set.length * 2 + 2];
        args[0] = "--show-only";
        args[1] = TEMPLATE;
        for (int i = 0; i < set.length; i++) {
            args[2 + 2 * i] = "--set";
            args[3 + 2 * i] = set[i];
        }
        Helm.Result result = Helm.template(args);
        assertThat(result.ok()).as(result.describe()).isTrue();
        return result.stdout();
    }

    @Test
    void isTheGeneratedCrdWithTheChartsLabelsAndKept() throws IOException {
        String generated = Files.readString(Helm.chart().resolve("files/crds/ippools.stickyip.io-v1.yml"));
        String rendered = crd();
        assertThat(rendered)
                .contains(KEEP, "app.kubernetes.io/managed-by: Helm", "app.kubernetes.io/part-of: stickyip");
        // everything after the metadata block is the generated file's, line for line
        String specOfGenerated = generated.substring(generated.indexOf("\nspec:\n"));
        assertThat(rendered).contains(specOfGenerated.stripTrailing());
        assertThat(rendered).contains("name: \"ippools.stickyip.io\"");
    }

    @Test
    void crdsKeepFalseLetsAnUninstallDeleteIt() {
        assertThat(crd("crds.keep=false")).doesNotContain(KEEP).contains("kind: \"CustomResourceDefinition\"");
    }

    @Test
    void crdsEnabledFalseLeavesItOut() {
        Helm.Result result = Helm.template("--set", "crds.enabled=false");
        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.stdout())
                .doesNotContain("CustomResourceDefinition")
                .contains("kind: MutatingWebhookConfiguration");
    }
}
