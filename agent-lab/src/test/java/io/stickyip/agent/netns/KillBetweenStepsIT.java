package io.stickyip.agent.netns;

import static io.stickyip.agent.netns.LabRequests.plan;
import static io.stickyip.agent.netns.LabRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.agent.netns.lab.Lab;
import io.stickyip.core.plumbing.Plan;
import io.stickyip.core.pool.v1alpha1.Attachment.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crash between any two steps of ADD (the agent killed -9: no undo runs) converges: a fresh ADD completes
 * and reads back, DEL leaves nothing, and a DEL straight after the crash leaves nothing either.
 */
class KillBetweenStepsIT {

    /** Thrown by the runner in place of the (k+1)-th change: nothing catches an Error, as nothing runs after -9. */
    static final class Killed extends Error {
        Killed(int k) {
            super("killed after " + k + " changes");
        }
    }

    /** Lets {@code allowed} changing commands through, then "kills the agent". Reads always pass. */
    static final class KillingRunner implements CommandRunner {
        private final CommandRunner real = new ProcessRunner();
        private final int allowed;
        private int changes;

        KillingRunner(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public Result run(List<String> argv, String stdin, Duration timeout) {
            boolean read = argv.contains("-batch") || argv.contains("-n");
            if (!read && changes++ >= allowed) {
                throw new Killed(allowed);
            }
            return real.run(argv, stdin, timeout);
        }
    }

    final Namespaces namespaces = Namespaces.withProcesses();
    final DataPlaneExecutor executor = new DataPlaneExecutor(namespaces);
    Lab lab;

    @BeforeEach
    void lab() {
        lab = new Lab();
    }

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void aCrashAfterAnyStepConvergesOnTheNextAddAndDelLeavesNothing() {
        for (Mode mode : List.of(Mode.ROUTED, Mode.MACVLAN)) {
            Lab.Pod pod = lab.pod(lab.nodeA);
            Plan plan = plan(request(pod, lab.nodeA, mode, "192.0.2.50", "2001:db8:1::50"));
            List<String> problems = new ArrayList<>();
            int crashes = 0;
            for (int k = 1; k <= plan.steps().size(); k++) {
                if (!crashAfter(k, plan)) {
                    // ADD needed no more than k changes (sysctls already set count none): every point is covered
                    problems.addAll(delLeavesNothing(mode, k, plan, "after a whole ADD"));
                    break;
                }
                crashes++;
                AddOutcome again = executor.add(plan);
                if (!(again instanceof AddOutcome.Live) || !executor.check(plan).matches()) {
                    problems.add(
                            mode + " k=" + k + ": ADD after the crash gave " + again + " / " + executor.check(plan));
                }
                problems.addAll(delLeavesNothing(mode, k, plan, "after ADD"));

                crashAfter(k, plan);
                problems.addAll(delLeavesNothing(mode, k, plan, "straight after the crash"));
            }
            assertThat(crashes)
                    .as(mode + ": crash points")
                    .isGreaterThan(plan.steps().size() / 2);
            assertThat(problems).as(mode + ": %d crash points", crashes).isEmpty();
        }
    }

    /** True if the agent was killed after k changes; false if ADD completed within k changes. */
    private boolean crashAfter(int k, Plan plan) {
        KillingRunner killing = new KillingRunner(k);
        DataPlaneExecutor doomed = new DataPlaneExecutor(new Namespaces(killing, Namespaces.DEFAULT_TIMEOUT));
        try {
            assertThat(doomed.add(plan)).isInstanceOf(AddOutcome.Live.class);
            return false;
        } catch (Killed expected) {
            return true;
        }
    }

    private List<String> delLeavesNothing(Mode mode, int k, Plan plan, String when) {
        List<String> out = new ArrayList<>();
        DelOutcome del = executor.del(plan);
        if (!(del instanceof DelOutcome.Removed)) {
            out.add(mode + " k=" + k + " DEL " + when + ": " + del);
        }
        Leaks.in(namespaces, lab.namespaces())
                .forEach(l -> out.add(mode + " k=" + k + " DEL " + when + " leaked " + l));
        return out;
    }
}
