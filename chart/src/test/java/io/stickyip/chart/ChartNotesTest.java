package io.stickyip.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notes {@code helm install} prints (templates/NOTES.txt), rendered by a client-side dry run (no cluster): with
 * the cluster's own scheduler they carry the extenders block to add, the very block of
 * manifests/scheduler/kube-scheduler-config.yaml (which the local cluster's kube-scheduler runs) without its comments.
 */
class ChartNotesTest {

    static Helm.Result notes(String... set) {
        List<String> args = new ArrayList<>(List.of(
                "install",
                Helm.RELEASE,
                Helm.chart().toString(),
                "--namespace",
                Helm.NAMESPACE,
                "--dry-run=client",
                "--hide-notes=false"));
        for (String s : set) {
            args.add("--set");
            args.add(s);
        }
        return Helm.run(args);
    }

    /** The notes alone: what follows {@code NOTES:} in the dry run's output (which starts with the manifests). */
    static String notesOf(Helm.Result result) {
        assertThat(result.ok()).as(result.describe()).isTrue();
        int at = result.stdout().indexOf("\nNOTES:\n");
        assertThat(at).as(result.describe()).isNotNegative();
        return result.stdout().substring(at);
    }

    /** From the line {@code extenders:} to the end (or the first blank line), comment lines left out. */
    static String extendersBlock(String text) {
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String line : text.lines().toList()) {
            if (line.equals("extenders:")) {
                in = true;
            } else if (in && line.isBlank()) {
                break;
            }
            if (in && !line.strip().startsWith("#")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void withTheClustersSchedulerTheNotesCarryTheShippedExtendersBlock() throws IOException {
        String notes = notesOf(notes());
        String shipped =
                extendersBlock(Files.readString(Helm.repo().resolve("manifests/scheduler/kube-scheduler-config.yaml")));
        assertThat(shipped)
                .contains("urlPrefix: https://stickyip-extender.stickyip-system.svc:443", "ignorable: false");
        String printed = extendersBlock(notes);
        assertThat(LineDiff.of(shipped, printed))
                .as("the notes' extenders block (+) and manifests/scheduler/kube-scheduler-config.yaml's (-)")
                .isEmpty();
    }

    @Test
    void withTheDedicatedSchedulerTheNotesNameIt() {
        assertThat(notesOf(notes("extender.scheduler=dedicated")))
                .contains("Deployment stickyip-system/stickyip-scheduler")
                .doesNotContain("extenders:");
    }

    @Test
    void theNotesNameTheCallersFence() {
        assertThat(notesOf(notes())).contains("client certificate of stickyip-system/stickyip-callers-ca");
        assertThat(notesOf(notes(
                        "webhook.callerAuth.mode=networkPolicy",
                        "webhook.callerAuth.controlPlaneCidrs={10.0.0.0/24,10.0.1.0/24}")))
                .contains("The webhook takes calls from 10.0.0.0/24, 10.0.1.0/24 only")
                .doesNotContain("stickyip-callers-ca");
    }
}
